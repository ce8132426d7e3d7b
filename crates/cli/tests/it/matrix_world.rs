//! The records the authorization matrix works on: one world per role, so that a route that
//! changes or removes a record (a withdrawal, an exit, a deletion) cannot spoil a later row or
//! another role's run, and every id in a path names a record in the state its route accepts.

use reqwest::StatusCode;
use stegvis_app::Actor;
use stegvis_app::persons::{ReferralInput, StepInput};
use stegvis_domain::consent::ConsentInput;
use stegvis_domain::enterprise::{EnterpriseInput, SupportInput};
use stegvis_domain::enterprise_figures::{MembershipInput, YearFiguresInput};
use stegvis_domain::episode::ExitInput;
use stegvis_domain::idea::{IdeaInput, MemberInput};
use stegvis_domain::person::PersonInput;
use stegvis_domain::plan::ActivityInput;
use stegvis_domain::programme::{BudgetInput, ProgrammeInput, TargetInput};
use stegvis_domain::questionnaire::ScheduleRowInput;
use stegvis_testkit::TestApp;

/// A person's record and the episode of their referral.
#[derive(Clone, Copy)]
pub struct Case {
    pub person: i64,
    pub episode: i64,
}

pub struct World {
    pub kommun: i64,
    pub fk: i64,
    /// A third organisation: a partner the routes add, and one they remove.
    pub af: i64,
    /// An evaluator account the user-administration routes work on.
    pub bystander: i64,
    pub programme: i64,
    pub line: i64,
    pub target: i64,
    /// An ex-ante socio-economic scenario of the programme.
    pub scenario: i64,
    /// A month of FK's contributions, which the API changes and then removes.
    pub contribution: i64,
    /// At intake with consent to participate, to follow-up (withdrawn by the page route) and
    /// to information exchange with FK; a goal with a step; the participant's own record.
    pub main: Case,
    pub follow_up_consent: i64,
    pub goal: i64,
    pub step: i64,
    /// Referred without consent: the one a referral can be declined for.
    pub referred: Case,
    /// At intake: the page route enrols, the API records a consent and then the baseline.
    pub enrol: Case,
    pub baseline: Case,
    /// At intake: exited by the page route and by the API.
    pub leave: Case,
    pub leave_api: Case,
    /// At intake with consent to follow-up, which the API withdraws.
    pub withdraw: Case,
    pub withdraw_consent: i64,
    /// Exited with consent to follow-up: a follow-up each for the page and the API.
    pub follow_up: i64,
    pub follow_up_api: i64,
    /// Exited: the one a coordinator may anonymise.
    pub anonymise: Case,
    /// A second person, as a suspected duplicate of `main`.
    pub other: i64,
    pub activity: i64,
    pub enterprise: i64,
    /// Support lines and memberships of the enterprise, one for each route that removes or ends one.
    pub support: i64,
    pub support_api: i64,
    pub membership: i64,
    pub membership_put: i64,
    pub membership_delete: i64,
    pub idea: i64,
    /// An idea registered as an enterprise, which an enterprise record can be linked to.
    pub registered_idea: i64,
    /// A team member without a register record, for the removal route.
    pub member: i64,
    /// A handbook chapter, a revision submitted by another editor (for the decision) and a
    /// draft of another editor (to submit).
    pub chapter: i64,
    pub submitted: i64,
    pub draft: i64,
    /// An operator whose handbook nobody has started.
    pub unstarted: i64,
    /// An activation link that has not been used.
    pub activation: String,
    /// The app clock's date, for the forms that ask for one.
    pub today: String,
    /// An outreach event of the programme, and its network: an organisation with a link and a
    /// contact person, each for the route that removes it.
    pub event: i64,
    pub network_organisation: i64,
    pub network_link: i64,
    pub network_contact: i64,
    /// A steering group of the programme with one meeting, a member who owns two open
    /// actions (one for the page route, one for the API), and two steering accounts outside
    /// the group (one for each route that adds a member). The matrix's own steering and
    /// case-officer accounts join the group with actions of their own ([`join_group`]).
    pub group: i64,
    pub meeting: i64,
    pub member_user: i64,
    pub action: i64,
    pub action_api: i64,
    pub candidate: i64,
    pub candidate_api: i64,
}

/// Makes `user` a member of the world's group with two open actions of their own; returns
/// the actions (for the page route and for the API).
pub async fn join_group(app: &TestApp, w: &World, user: i64) -> (i64, i64) {
    stegvis_app::steering::add_member(
        &app.app,
        &system(),
        w.group,
        &stegvis_domain::steering::MemberInput {
            user_id: user.to_string(),
            role: "ledamot".into(),
        },
    )
    .await
    .unwrap();
    (
        action(app, w.meeting, user).await,
        action(app, w.meeting, user).await,
    )
}

async fn action(app: &TestApp, meeting: i64, owner: i64) -> i64 {
    stegvis_app::steering::add_action(
        &app.app,
        &system(),
        meeting,
        &stegvis_domain::steering::ActionInput {
            body: "Ta fram underlag".into(),
            owner_user_id: owner.to_string(),
            due_on: String::new(),
        },
    )
    .await
    .unwrap()
}

fn system() -> Actor {
    Actor::system("test")
}

fn today(app: &TestApp) -> String {
    stegvis_domain::timestamp::format_date(app.today())
}

async fn refer(app: &TestApp, programme: i64, personnummer: &str) -> Case {
    let registered = stegvis_app::persons::register(
        &app.app,
        &system(),
        &ReferralInput {
            person: PersonInput {
                personnummer: personnummer.into(),
                given_name: "Test".into(),
                family_name: "Testsson".into(),
                ..PersonInput::default()
            },
            programme_id: programme.to_string(),
            referred_on: today(app),
            referring_organisation_id: String::new(),
        },
    )
    .await
    .unwrap();
    Case {
        person: registered.person_id,
        episode: registered.episode_id,
    }
}

async fn consent(app: &TestApp, episode: i64, scope: &str, partner: Option<i64>) -> i64 {
    stegvis_app::persons::record_consent(
        &app.app,
        &system(),
        episode,
        &ConsentInput {
            scope: scope.into(),
            partner_organisation_id: partner.map(|p| p.to_string()).unwrap_or_default(),
            given_on: today(app),
            form: "paper".into(),
            informed: true,
        },
    )
    .await
    .unwrap()
}

/// A person at intake: referred, with consent to participate.
async fn at_intake(app: &TestApp, programme: i64, personnummer: &str) -> Case {
    let case = refer(app, programme, personnummer).await;
    consent(app, case.episode, "participation", None).await;
    case
}

async fn exited(app: &TestApp, programme: i64, personnummer: &str, follow_up: bool) -> Case {
    let case = at_intake(app, programme, personnummer).await;
    if follow_up {
        consent(app, case.episode, "follow-up", None).await;
    }
    stegvis_app::persons::exit(
        &app.app,
        &system(),
        case.episode,
        &ExitInput {
            exit_on: today(app),
            reason: "moved".into(),
            ..ExitInput::default()
        },
    )
    .await
    .unwrap();
    case
}

async fn follow_up_of(app: &TestApp, case: Case) -> i64 {
    app.scalar(&format!(
        "SELECT MIN(id) FROM follow_ups WHERE episode_id = {}",
        case.episode
    ))
    .await
}

async fn membership(app: &TestApp, enterprise: i64, person: i64) -> i64 {
    stegvis_app::enterprise_figures::add_membership(
        &app.app,
        &system(),
        enterprise,
        &MembershipInput {
            person_id: person.to_string(),
            form: "work-training".into(),
            hours_per_week: "20".into(),
            starts_on: "2025-03-01".into(),
            ..MembershipInput::default()
        },
    )
    .await
    .unwrap()
}

async fn support(app: &TestApp, enterprise: i64) -> i64 {
    stegvis_app::enterprises::add_support(
        &app.app,
        &system(),
        enterprise,
        &SupportInput {
            kind: "almi".into(),
            year: "2012".into(),
            amount: "45 000".into(),
            note: String::new(),
        },
    )
    .await
    .unwrap()
}

/// How long before the routes are called the world is built.
const BUILT_BEFORE: time::Duration = time::Duration::days(120);

pub async fn world(app: &TestApp) -> World {
    // The world is built four months in the past, so the follow-ups of the people who left are
    // due by the time the routes are called (a follow-up is refused more than two weeks early).
    app.advance_clock(-BUILT_BEFORE);
    let kommun = app.organisation("VVK", "kommun").await;
    let fk = app.organisation("FK", "forsakringskassan").await;
    let af = app.organisation("AF", "arbetsformedlingen").await;
    let unstarted = app.organisation("ALT", "kommun").await;
    let programme = stegvis_app::programmes::create(
        &app.app,
        &system(),
        &ProgrammeInput {
            name: "P".into(),
            operator_id: kommun.to_string(),
            starts_on: "2011-09-09".into(),
            ends_on: "2030-09-30".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    stegvis_app::programmes::set_partners(&app.app, &system(), programme, &[fk, af])
        .await
        .unwrap();
    let contribution = stegvis_app::budget::record(
        &app.app,
        &system(),
        programme,
        &stegvis_domain::contribution::ContributionInput {
            organisation_id: fk.to_string(),
            month: "2025-01".into(),
            hours: [
                "2".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let target = stegvis_app::programmes::add_target(
        &app.app,
        &system(),
        programme,
        &TargetInput {
            kind: "other".into(),
            description: "t".into(),
            target_value: "1".into(),
            due_on: String::new(),
        },
    )
    .await
    .unwrap();
    let scenario = stegvis_app::socioeconomics::create_scenario(
        &app.app,
        &system(),
        programme,
        &stegvis_domain::socioeconomics::ScenarioInput {
            name: "Scenario".into(),
            parameter_year: "2025".into(),
            investment: Default::default(),
            cases: vec![stegvis_domain::socioeconomics::CaseInput {
                name: "Fall".into(),
                participants: "5".into(),
                source: "forsorjningsstod".into(),
                share_before: "100".into(),
                share_after: "0".into(),
                job_share: "50".into(),
                months_to_outcome: "12".into(),
                ..Default::default()
            }],
        },
    )
    .await
    .unwrap();
    let line = stegvis_app::programmes::set_budget(
        &app.app,
        &system(),
        programme,
        &BudgetInput {
            organisation_id: kommun.to_string(),
            year: "2012".into(),
            amount: "1".into(),
        },
    )
    .await
    .unwrap();
    stegvis_app::questionnaires::set_schedule(
        &app.app,
        &system(),
        programme,
        &[ScheduleRowInput {
            instrument: "who5".into(),
            baseline: true,
            ..ScheduleRowInput::default()
        }],
    )
    .await
    .unwrap();
    let bystander = app.user("bystander", "evaluator", None).await;

    let main = at_intake(app, programme, "19800101-9804").await;
    let baseline = at_intake(app, programme, "19860404-9802").await;
    let follow_up_consent = consent(app, main.episode, "follow-up", None).await;
    consent(app, main.episode, "information-exchange", Some(fk)).await;
    consent(app, main.episode, "questionnaires", None).await;
    consent(app, baseline.episode, "questionnaires", None).await;
    stegvis_app::persons::assign(&app.app, &system(), main.episode, &fk.to_string())
        .await
        .unwrap();
    let goal = stegvis_app::persons::add_goal(&app.app, &system(), main.episode, "Arbete")
        .await
        .unwrap();
    let step = stegvis_app::persons::add_step(
        &app.app,
        &system(),
        goal,
        &StepInput {
            description: "Ring".into(),
            owner: "participant".into(),
            due_on: today(app),
        },
    )
    .await
    .unwrap();
    // WHO-5 baselines of five more people, so that the aggregate score export of the
    // evaluator reaches the disclosure threshold and answers with a file, not "too few".
    for personnummer in [
        "19700101-9806",
        "19710202-9803",
        "19720303-9800",
        "19730404-9807",
        "19740505-9804",
    ] {
        let scored = at_intake(app, programme, personnummer).await;
        consent(app, scored.episode, "questionnaires", None).await;
        stegvis_app::questionnaires::save(
            &app.app,
            &system(),
            scored.episode,
            "who5",
            stegvis_domain::questionnaire::Occasion::BASELINE,
            &stegvis_app::questionnaires::AnswerInput {
                answers: ["cheerful", "calm", "active", "rested", "interest"]
                    .into_iter()
                    .map(|item| (item.to_string(), "3".to_string()))
                    .collect(),
                complete: true,
                merge: false,
                mode: "paper".into(),
                answered_on: today(app),
                language: "sv".into(),
            },
        )
        .await
        .unwrap();
    }
    let referred = refer(app, programme, "19900202-9818").await;
    let enrol = at_intake(app, programme, "19850303-9805").await;
    let leave = at_intake(app, programme, "19870505-9809").await;
    let leave_api = at_intake(app, programme, "19880606-9806").await;
    let withdraw = at_intake(app, programme, "19890707-9803").await;
    let withdraw_consent = consent(app, withdraw.episode, "follow-up", None).await;
    let followed = exited(app, programme, "19910808-9807", true).await;
    let followed_api = exited(app, programme, "19920909-9804", true).await;
    let anonymise = exited(app, programme, "19931010-9807", false).await;
    let other = stegvis_app::persons::register(
        &app.app,
        &system(),
        &ReferralInput {
            person: PersonInput {
                birth_year: "1980".into(),
                sex: "female".into(),
                given_name: "Test".into(),
                family_name: "Testsson".into(),
                ..PersonInput::default()
            },
            programme_id: programme.to_string(),
            referred_on: today(app),
            referring_organisation_id: String::new(),
        },
    )
    .await
    .unwrap()
    .person_id;
    let activity = stegvis_app::activities::create(
        &app.app,
        &system(),
        programme,
        &ActivityInput {
            kind: "course".into(),
            title: "Kurs".into(),
            held_on: today(app),
            hours: "2".into(),
            ..ActivityInput::default()
        },
    )
    .await
    .unwrap();

    let enterprise = stegvis_app::enterprises::create(
        &app.app,
        &system(),
        &EnterpriseInput {
            name: "E".into(),
            operator_id: kommun.to_string(),
            organisationsnummer: "769999-0003".into(),
            legal_form: "ekonomisk-forening".into(),
            registered_on: "2012-05-14".into(),
            ..EnterpriseInput::default()
        },
    )
    .await
    .unwrap();
    let support_page = support(app, enterprise).await;
    let support_api = support(app, enterprise).await;
    let membership_page = membership(app, enterprise, main.person).await;
    let membership_put = membership(app, enterprise, enrol.person).await;
    let membership_delete = membership(app, enterprise, leave.person).await;
    stegvis_app::enterprise_figures::save(
        &app.app,
        &system(),
        enterprise,
        &YearFiguresInput {
            year: "2024".into(),
            turnover: "2 400 000".into(),
            result: "-35 000".into(),
            wage_costs: "1 650 000".into(),
            public_revenue: "900 000".into(),
            reinvested_surplus: "0".into(),
            counted_on: "2024-12-31".into(),
            employees: "10".into(),
            target_group: "4".into(),
            work_units: "7,5".into(),
        },
    )
    .await
    .unwrap();

    let idea = stegvis_app::ideas::create(
        &app.app,
        &system(),
        &IdeaInput {
            programme_id: programme.to_string(),
            title: "Idé".into(),
            ..IdeaInput::default()
        },
    )
    .await
    .unwrap();
    stegvis_app::ideas::add_member(
        &app.app,
        &system(),
        idea,
        &MemberInput {
            person_id: main.person.to_string(),
            ..MemberInput::default()
        },
    )
    .await
    .unwrap();
    let member = stegvis_app::ideas::add_member(
        &app.app,
        &system(),
        idea,
        &MemberInput {
            name: "Eva Rådgivare".into(),
            role: "Coompanion".into(),
            ..MemberInput::default()
        },
    )
    .await
    .unwrap();
    stegvis_app::ideas::add_partner(&app.app, &system(), idea, &af.to_string())
        .await
        .unwrap();
    let registered = stegvis_app::ideas::create(
        &app.app,
        &system(),
        &IdeaInput {
            programme_id: programme.to_string(),
            title: "Registrerad".into(),
            ..IdeaInput::default()
        },
    )
    .await
    .unwrap();
    for stage in ["pre-study", "business-plan", "founding", "registered"] {
        if stage == "registered" {
            stegvis_app::ideas::link_enterprise(
                &app.app,
                &system(),
                registered,
                &enterprise.to_string(),
            )
            .await
            .unwrap();
        }
        stegvis_app::ideas::move_stage(
            &app.app,
            &system(),
            registered,
            &stegvis_domain::idea::StageInput {
                stage: stage.into(),
                ..stegvis_domain::idea::StageInput::default()
            },
        )
        .await
        .unwrap();
    }

    // The handbook: published once, then another editor's submitted revision and draft.
    let writer = app.logged_in("writer", "coordinator", Some(kommun)).await;
    writer
        .post_form(&format!("/handbok-redaktion/{kommun}/starta"), &[])
        .await
        .expect(StatusCode::SEE_OTHER);
    writer
        .post_form(&format!("/handbok-redaktion/{kommun}/publicera"), &[])
        .await
        .expect(StatusCode::SEE_OTHER);
    let chapter = app.scalar("SELECT MIN(id) FROM handbook_chapters").await;
    let second = app.scalar("SELECT MAX(id) FROM handbook_chapters").await;
    let revision = |chapter: i64| {
        let writer = writer.clone();
        async move {
            let saved = writer
                .post_form(
                    &format!("/handbok-redaktion/{kommun}/kapitel/{chapter}"),
                    &[("title", "Rubrik"), ("topics", ""), ("body", "Text.")],
                )
                .await
                .expect(StatusCode::SEE_OTHER);
            saved
                .location()
                .rsplit('/')
                .next()
                .unwrap()
                .parse::<i64>()
                .unwrap()
        }
    };
    let submitted = revision(chapter).await;
    writer
        .post_form(
            &format!("/handbok-redaktion/{kommun}/version/{submitted}/skicka"),
            &[],
        )
        .await
        .expect(StatusCode::SEE_OTHER);
    let draft = revision(second).await;

    // Back to the present before the activation link, which is valid for a week only.
    app.advance_clock(BUILT_BEFORE);
    let activation = stegvis_app::users::invite(
        &app.app,
        &system(),
        &stegvis_app::users::UserInput {
            username: "invited".into(),
            display_name: "Inbjuden".into(),
            role: "evaluator".into(),
            ..stegvis_app::users::UserInput::default()
        },
    )
    .await
    .unwrap()
    .token;

    let event = stegvis_app::outreach::create(
        &app.app,
        &system(),
        programme,
        &stegvis_domain::outreach::EventInput {
            kind: "information-meeting".into(),
            title: "Informationsmöte".into(),
            held_on: today(app),
            place: "Biblioteket".into(),
            organiser: "Programmet".into(),
            audience: "Alla".into(),
            hours: "2".into(),
            women: "3".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let group = stegvis_app::steering::create_group(
        &app.app,
        &system(),
        programme,
        &stegvis_domain::steering::GroupInput {
            kind: "steering".into(),
            name: "Styrgruppen".into(),
        },
    )
    .await
    .unwrap();
    let meeting = stegvis_app::steering::add_meeting(
        &app.app,
        &system(),
        group,
        &stegvis_domain::steering::MeetingInput {
            held_on: today(app),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let network_organisation = stegvis_app::network::add_organisation(
        &app.app,
        &system(),
        programme,
        &stegvis_domain::network::OrganisationInput {
            name: "Almi".into(),
            kind: "business-finance".into(),
            role: "Lån".into(),
        },
    )
    .await
    .unwrap();
    let network_link = stegvis_app::network::add_link(
        &app.app,
        &system(),
        network_organisation,
        &format!("idea:{idea}"),
        "Rådgivning",
    )
    .await
    .unwrap();
    let network_contact = stegvis_app::network::add_contact(
        &app.app,
        &system(),
        network_organisation,
        &stegvis_domain::network::ContactInput {
            name: "Anna Almi".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let member_user = app.user("w-member", "steering", None).await;
    let candidate = app.user("w-candidate", "steering", None).await;
    let candidate_api = app.user("w-candidate-api", "steering", None).await;
    let partial = World {
        kommun,
        fk,
        af,
        bystander,
        programme,
        line,
        target,
        scenario,
        contribution,
        main,
        follow_up_consent,
        goal,
        step,
        referred,
        enrol,
        baseline,
        leave,
        leave_api,
        withdraw,
        withdraw_consent,
        follow_up: follow_up_of(app, followed).await,
        follow_up_api: follow_up_of(app, followed_api).await,
        anonymise,
        other,
        activity,
        enterprise,
        support: support_page,
        support_api,
        membership: membership_page,
        membership_put,
        membership_delete,
        idea,
        registered_idea: registered,
        member,
        chapter,
        submitted,
        draft,
        unstarted,
        activation,
        today: today(app),
        event,
        network_organisation,
        network_link,
        network_contact,
        group,
        meeting,
        member_user,
        action: 0,
        action_api: 0,
        candidate,
        candidate_api,
    };
    let (action, action_api) = join_group(app, &partial, member_user).await;
    World {
        action,
        action_api,
        ..partial
    }
}
