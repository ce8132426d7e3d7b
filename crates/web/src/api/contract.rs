//! Completes the generated OpenAPI document so it promises exactly what the server does.
//!
//! Some answers come from layers around the handlers, not from the handlers themselves: the
//! token check (401 on every `/api/` route), the route table's role check (403), the JSON
//! extractor (400, 415, 422) and the 404 of a record outside the caller's scope. They are added
//! here to every operation they apply to, as problem documents, instead of being repeated by
//! hand on 60 operations (and forgotten on some).
//!
//! Request schemas are tightened to what the validation accepts: codes as enums taken from the
//! domain's own lists, dates and months in their formats, lengths and ranges from the domain's
//! limits. A test checks that every rule still names a property that exists.

use serde_json::Value;
use stegvis_domain::access::Role;
use stegvis_domain::consent::{ConsentForm, ConsentScope};
use stegvis_domain::enterprise::{LegalForm, SupportKind};
use stegvis_domain::enterprise_figures::EmploymentForm;
use stegvis_domain::episode::{DurationBand, EducationLevel, ExitReason, Occupation};
use stegvis_domain::idea::IdeaStage;
use stegvis_domain::income::IncomeSource;
use stegvis_domain::organisation::OrganisationKind;
use stegvis_domain::person::PersonSex;
use stegvis_domain::plan::{ActivityKind, StepOwner};
use stegvis_domain::programme::ProgrammeFocus;
use stegvis_domain::questionnaire::OccasionKind;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{KnownFormat, Object, Schema, SchemaFormat};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// What the validation accepts for one property of a request schema.
enum Rule {
    OneOf(Vec<&'static str>),
    MaxLength(usize),
    Range(f64, f64),
    Date,
    Pattern(&'static str),
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Rule {
    Rule::OneOf(all.iter().map(|v| code(*v)).collect())
}

/// Every tightened property: (schema, property, rule).
fn rules() -> Vec<(&'static str, &'static str, Rule)> {
    use stegvis_domain::programme as prog;
    use stegvis_domain::{
        enterprise, enterprise_figures, idea, organisation, person, plan, steering,
    };
    vec![
        (
            "ActivityIn",
            "kind",
            codes(ActivityKind::ALL, ActivityKind::code),
        ),
        ("ActivityIn", "held_on", Rule::Date),
        ("ActivityIn", "hours", Rule::Range(0.0, 12.0)),
        ("AppointmentIn", "date", Rule::Date),
        (
            "AppointmentIn",
            "time",
            Rule::Pattern("^[0-9]{1,2}[:.][0-9]{2}$"),
        ),
        ("AppointmentIn", "title", Rule::MaxLength(plan::TITLE_MAX)),
        (
            "BaselineIn",
            "education",
            codes(EducationLevel::ALL, EducationLevel::code),
        ),
        (
            "BaselineIn",
            "occupation",
            codes(Occupation::ALL, Occupation::code),
        ),
        ("BaselineIn", "occupation_percent", Rule::Range(0.0, 100.0)),
        (
            "BaselineIn",
            "time_outside",
            codes(DurationBand::ALL, DurationBand::code),
        ),
        (
            "BaselineIn",
            "time_on_support",
            codes(DurationBand::ALL, DurationBand::code),
        ),
        (
            "ConsentIn",
            "scope",
            codes(ConsentScope::ALL, ConsentScope::code),
        ),
        (
            "ConsentIn",
            "form",
            codes(ConsentForm::ALL, ConsentForm::code),
        ),
        ("ConsentIn", "given_on", Rule::Date),
        (
            "EnterpriseIn",
            "legal_form",
            codes(LegalForm::ALL, LegalForm::code),
        ),
        (
            "EnterpriseIn",
            "name",
            Rule::MaxLength(enterprise::NAME_MAX),
        ),
        ("ExitIn", "exit_on", Rule::Date),
        ("ExitIn", "reason", codes(ExitReason::ALL, ExitReason::code)),
        (
            "ExitIn",
            "education",
            codes(EducationLevel::ALL, EducationLevel::code),
        ),
        (
            "ExitIn",
            "occupation",
            codes(Occupation::ALL, Occupation::code),
        ),
        ("ExitIn", "occupation_percent", Rule::Range(0.0, 100.0)),
        ("FollowUpIn", "done_on", Rule::Date),
        (
            "FollowUpIn",
            "occupation",
            codes(Occupation::ALL, Occupation::code),
        ),
        ("FollowUpIn", "occupation_percent", Rule::Range(0.0, 100.0)),
        ("GoalIn", "title", Rule::MaxLength(plan::TITLE_MAX)),
        ("IdeaIn", "title", Rule::MaxLength(idea::TITLE_MAX)),
        ("IdeaIn", "description", Rule::MaxLength(idea::TEXT_MAX)),
        ("IdeaIn", "what_it_sells", Rule::MaxLength(idea::TEXT_MAX)),
        (
            "IdeaIn",
            "work_integration",
            Rule::MaxLength(idea::TEXT_MAX),
        ),
        (
            "IncomeIn",
            "source",
            codes(&IncomeSource::ALL, IncomeSource::code),
        ),
        ("IncomeIn", "from", Rule::Pattern("^[0-9]{4}-[0-9]{2}$")),
        ("IncomeIn", "share_percent", Rule::Range(0.0, 100.0)),
        ("InviteIn", "role", codes(&Role::ALL, Role::code)),
        (
            "MembershipIn",
            "form",
            codes(EmploymentForm::ALL, EmploymentForm::code),
        ),
        ("MembershipIn", "starts_on", Rule::Date),
        ("MembershipIn", "ends_on", Rule::Date),
        (
            "MembershipIn",
            "role_title",
            Rule::MaxLength(enterprise_figures::ROLE_MAX),
        ),
        ("NoteIn", "body", Rule::MaxLength(plan::NOTE_MAX)),
        (
            "OrganisationIn",
            "kind",
            codes(&OrganisationKind::ALL, OrganisationKind::code),
        ),
        (
            "OrganisationIn",
            "name",
            Rule::MaxLength(organisation::NAME_MAX),
        ),
        (
            "OrganisationIn",
            "short_name",
            Rule::MaxLength(organisation::SHORT_NAME_MAX),
        ),
        ("PersonIn", "given_name", Rule::MaxLength(person::NAME_MAX)),
        ("PersonIn", "family_name", Rule::MaxLength(person::NAME_MAX)),
        ("PersonIn", "address", Rule::MaxLength(person::ADDRESS_MAX)),
        ("PersonIn", "phone", Rule::MaxLength(person::PHONE_MAX)),
        ("PersonIn", "email", Rule::MaxLength(person::EMAIL_MAX)),
        (
            "PersonIn",
            "preferred_language",
            Rule::MaxLength(person::LANGUAGE_MAX),
        ),
        ("PersonIn", "sex", codes(PersonSex::ALL, PersonSex::code)),
        (
            "ProgrammeIn",
            "focus",
            codes(&ProgrammeFocus::ALL, ProgrammeFocus::code),
        ),
        ("ProgrammeIn", "name", Rule::MaxLength(prog::NAME_MAX)),
        (
            "SteeringGroupIn",
            "kind",
            codes(steering::GroupKind::ALL, steering::GroupKind::code),
        ),
        (
            "SteeringGroupIn",
            "name",
            Rule::MaxLength(steering::NAME_MAX),
        ),
        ("GroupMemberIn", "role", Rule::MaxLength(steering::ROLE_MAX)),
        ("MeetingIn", "held_on", Rule::Date),
        ("MeetingIn", "place", Rule::MaxLength(steering::PLACE_MAX)),
        ("MeetingIn", "agenda", Rule::MaxLength(steering::AGENDA_MAX)),
        (
            "MeetingIn",
            "minutes",
            Rule::MaxLength(steering::MINUTES_MAX),
        ),
        (
            "DecisionIn",
            "body",
            Rule::MaxLength(steering::DECISION_MAX),
        ),
        ("ActionIn", "body", Rule::MaxLength(steering::ACTION_MAX)),
        ("ActionIn", "due_on", Rule::Date),
        (
            "ActionStatusIn",
            "status",
            codes(steering::ActionStatus::ALL, steering::ActionStatus::code),
        ),
        ("TargetReadingIn", "recorded_on", Rule::Date),
        (
            "TargetReadingIn",
            "value",
            Rule::Range(0.0, steering::READING_MAX as f64),
        ),
        (
            "TargetReadingIn",
            "comment",
            Rule::MaxLength(steering::COMMENT_MAX),
        ),
        (
            "ProgrammeIn",
            "description",
            Rule::MaxLength(prog::DESCRIPTION_MAX),
        ),
        ("ProgrammeIn", "starts_on", Rule::Date),
        ("ProgrammeIn", "ends_on", Rule::Date),
        ("ResponseIn", "answered_on", Rule::Date),
        (
            "ScheduleLine",
            "occasion",
            codes(OccasionKind::ALL, OccasionKind::code),
        ),
        ("ScheduleLine", "every_months", Rule::Range(1.0, 24.0)),
        ("StageIn", "stage", codes(IdeaStage::ALL, IdeaStage::code)),
        ("StageIn", "decided_on", Rule::Date),
        ("StageIn", "note", Rule::MaxLength(idea::NOTE_MAX)),
        ("StepIn", "owner", codes(StepOwner::ALL, StepOwner::code)),
        ("StepIn", "description", Rule::MaxLength(plan::STEP_MAX)),
        ("StepIn", "due_on", Rule::Date),
        (
            "SupportIn",
            "kind",
            codes(SupportKind::ALL, SupportKind::code),
        ),
        ("SupportIn", "note", Rule::MaxLength(enterprise::NOTE_MAX)),
        ("WithdrawalIn", "withdrawn_on", Rule::Date),
        ("YearFiguresIn", "counted_on", Rule::Date),
    ]
}

fn tighten(object: &mut Object, rule: &Rule) {
    let nullable = matches!(
        &object.schema_type,
        utoipa::openapi::schema::SchemaType::Array(types) if types.contains(&utoipa::openapi::Type::Null)
    );
    match rule {
        Rule::OneOf(values) => {
            let mut list: Vec<Value> = values.iter().map(|v| Value::from(*v)).collect();
            if nullable {
                list.push(Value::Null);
            }
            object.enum_values = Some(list);
        }
        Rule::MaxLength(max) => object.max_length = Some(*max),
        Rule::Range(min, max) => {
            object.minimum = Some(utoipa::Number::Float(*min));
            object.maximum = Some(utoipa::Number::Float(*max));
        }
        Rule::Date => object.format = Some(SchemaFormat::KnownFormat(KnownFormat::Date)),
        Rule::Pattern(pattern) => object.pattern = Some((*pattern).to_string()),
    }
}

/// Applies the rules; returns the ones whose schema or property no longer exists.
fn tighten_requests(openapi: &mut OpenApi) -> Vec<String> {
    let mut missing = Vec::new();
    let Some(components) = openapi.components.as_mut() else {
        return vec!["components".to_string()];
    };
    for (schema, property, rule) in rules() {
        let target = match components.schemas.get_mut(schema) {
            Some(RefOr::T(Schema::Object(object))) => match object.properties.get_mut(property) {
                Some(RefOr::T(Schema::Object(field))) => Some(field),
                _ => None,
            },
            _ => None,
        };
        match target {
            Some(field) => tighten(field, &rule),
            None => missing.push(format!("{schema}.{property}")),
        }
    }
    missing
}

/// The problem document every error answer carries.
fn problem_schema() -> Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let text = |description: &str| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(description))
    };
    Schema::Object(
        ObjectBuilder::new()
            .description(Some("A problem document (RFC 9457)."))
            .property("type", text("Always `about:blank`."))
            .property("title", text("The status's reason phrase."))
            .property(
                "status",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32))),
            )
            .property("detail", text("What went wrong, in words."))
            .property(
                "errors",
                utoipa::openapi::schema::ArrayBuilder::new()
                    .items(Ref::from_schema_name("InvalidField"))
                    .description(Some("422 only: every invalid field.")),
            )
            .required("type")
            .required("title")
            .required("status")
            .required("detail")
            .build(),
    )
}

fn describe(status: &str) -> &'static str {
    match status {
        "400" => "The request is malformed: invalid JSON or query parameters",
        "401" => "No token, or an invalid or revoked one",
        "403" => "The caller's role does not allow this",
        "404" => "No such record, or none the caller may see",
        "413" => "The request body is larger than 1 MiB",
        "415" => "The body is not sent as application/json",
        "422" => "A field is missing or invalid; every such field is listed",
        _ => "An error",
    }
}

fn add_error_responses(path: &str, operation: &mut Operation) {
    let mut statuses = vec!["401"];
    if operation.security.is_some() {
        statuses.push("403");
    }
    if path.contains('{') {
        statuses.push("404");
    }
    if operation.request_body.is_some() {
        statuses.extend(["400", "413", "415", "422"]);
    }
    if operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
        statuses.push("400");
    }
    let responses = &mut operation.responses.responses;
    for status in statuses {
        responses.entry(status.to_string()).or_insert_with(|| {
            ResponseBuilder::new()
                .description(describe(status))
                .build()
                .into()
        });
    }
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response
            && status.starts_with('4')
            && response.content.is_empty()
        {
            if response.description.is_empty() {
                response.description = describe(status).to_string();
            }
            response.content.insert(
                "application/problem+json".to_string(),
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            );
        }
    }
}

/// The modifier the OpenAPI document is built with.
pub struct Contract;

impl utoipa::Modify for Contract {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/") {
                continue;
            }
            for operation in [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                add_error_responses(path, operation);
            }
        }
        let missing = tighten_requests(openapi);
        if !missing.is_empty() {
            tracing::error!(?missing, "OpenAPI rules name properties that do not exist");
        }
        openapi
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .insert("Problem".to_string(), RefOr::T(problem_schema()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::OpenApi as _;

    #[test]
    fn every_rule_names_a_property_of_the_document() {
        let mut document = super::super::ApiDoc::openapi();
        assert_eq!(tighten_requests(&mut document), Vec::<String>::new());
    }

    #[test]
    fn every_api_operation_documents_401_and_every_body_415_as_problems() {
        let document = super::super::ApiDoc::openapi();
        for (path, item) in &document.paths.paths {
            if !path.starts_with("/api/") {
                continue;
            }
            for operation in [&item.get, &item.put, &item.post, &item.delete]
                .into_iter()
                .flatten()
            {
                let responses = &operation.responses.responses;
                assert!(responses.contains_key("401"), "{path}");
                if operation.request_body.is_some() {
                    assert!(responses.contains_key("415"), "{path}");
                }
                for (status, response) in responses {
                    if let RefOr::T(response) = response
                        && status.starts_with('4')
                    {
                        assert!(
                            response.content.contains_key("application/problem+json"),
                            "{path} {status}"
                        );
                    }
                }
            }
        }
    }
}
