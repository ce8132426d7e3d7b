//! The demo's business ideas: five ideas at different stages, with teams of demo participants
//! (Linnea Berg, the `deltagare` login, is in the bike workshop's team), an adviser, a partner,
//! and a business plan in two versions with a comment from the coach, the second with numbers.
//! Lunchlådan has become an enterprise with two years of figures: the programme's own
//! enterprise in effect 5 of the effects page.

use crate::{Actor, App, AppError, Result, ideas};
use std::collections::BTreeMap;
use stegvis_domain::access::PersonScope;
use stegvis_domain::enterprise::{AsfInput, EnterpriseInput};
use stegvis_domain::enterprise_figures::YearFiguresInput;
use stegvis_domain::episode::EpisodeStatus;
use stegvis_domain::forecast::ForecastForm;
use stegvis_domain::idea::{IdeaInput, MemberInput, PlanInput, StageInput};
use stegvis_domain::person::PersonFilter;
use stegvis_storage::persons;

/// One demo idea: title, the two business ideas, how far it has come, and its team by index
/// into the active participants (the portal person first).
struct DemoIdea {
    title: &'static str,
    what_it_sells: &'static str,
    work_integration: &'static str,
    stages: &'static [&'static str],
    team: &'static [usize],
}

const IDEAS: [DemoIdea; 5] = [
    DemoIdea {
        title: "Cykelverkstan Västervik",
        what_it_sells: "Reparation och service av cyklar, och begagnade cyklar.",
        work_integration: "Arbetsträning för tre till fem personer, köps av kommunen.",
        stages: &["pre-study", "business-plan"],
        team: &[0, 1, 2],
    },
    DemoIdea {
        title: "Kustens second hand",
        what_it_sells: "Second hand-butik med kläder och möbler.",
        work_integration: "Praktik och arbetsträning i butik och lager.",
        stages: &["pre-study"],
        team: &[3, 4],
    },
    DemoIdea {
        title: "Grönt & gott trädgårdstjänster",
        what_it_sells: "Trädgårdsskötsel åt bostadsbolag och privatpersoner.",
        work_integration: "Säsongsanställningar med lönestöd.",
        stages: &[],
        team: &[5],
    },
    DemoIdea {
        title: "Lunchlådan",
        what_it_sells: "Luncher till arbetsplatser.",
        work_integration: "Anställning i kök för personer långt från arbetsmarknaden.",
        stages: &[
            "pre-study",
            "business-plan",
            "founding",
            "registered",
            "operating",
        ],
        team: &[6, 7],
    },
    DemoIdea {
        title: "Vävstugan",
        what_it_sells: "Vävda mattor och textilier.",
        work_integration: "Sysselsättning i vävstuga.",
        stages: &["pre-study", "wound-up"],
        team: &[8],
    },
];

fn plan(customers: &str, revenue: &str) -> PlanInput {
    let sections: BTreeMap<String, String> = [
        ("customers", customers),
        (
            "beneficiaries",
            "Deltagare i programmet som vill arbeta med händerna.",
        ),
        (
            "value-propositions",
            "Snabb service nära kunden, till rimligt pris.",
        ),
        (
            "impact-proposition",
            "Arbetsträning som leder vidare till anställning.",
        ),
        ("revenue", revenue),
        ("costs", "Lokalhyra, reservdelar, löner."),
        (
            "partners",
            "Västerviks kommun, Arbetsförmedlingen, Coompanion.",
        ),
        ("risks", "Låg försäljning under vintern."),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    PlanInput {
        sections,
        founders: "3".into(),
        member_democracy: true,
        chosen_legal_form: "ekonomisk-forening".into(),
        ..PlanInput::default()
    }
}

pub(super) async fn load(
    app: &App,
    actor: &Actor,
    programme: i64,
    kommun: i64,
    partner: i64,
    portal_person: i64,
) -> Result<()> {
    let mut tx = app.begin().await?;
    let (active, _) = persons::search(
        &mut tx,
        PersonScope::Operator(kommun),
        &PersonFilter {
            status: Some(EpisodeStatus::Active),
            programme_id: Some(programme),
            ..PersonFilter::default()
        },
        50,
        0,
    )
    .await?;
    tx.commit().await?;
    let people: Vec<i64> = std::iter::once(portal_person)
        .chain(
            active
                .iter()
                .filter(|p| p.id != portal_person && !p.protected_identity)
                .map(|p| p.id),
        )
        .collect();
    for (index, demo) in IDEAS.iter().enumerate() {
        let id = ideas::create(
            app,
            actor,
            &IdeaInput {
                programme_id: programme.to_string(),
                title: demo.title.into(),
                description: String::new(),
                what_it_sells: demo.what_it_sells.into(),
                work_integration: demo.work_integration.into(),
            },
        )
        .await?;
        for stage in demo.stages {
            if *stage == "registered" {
                let enterprise = lunch_enterprise(app, actor, kommun).await?;
                ideas::link_enterprise(app, actor, id, &enterprise.to_string()).await?;
            }
            ideas::move_stage(
                app,
                actor,
                id,
                &StageInput {
                    stage: (*stage).into(),
                    // Winding up asks why.
                    note: if *stage == "wound-up" {
                        "Gruppen hittade ingen lokal som bar kostnaderna.".into()
                    } else {
                        String::new()
                    },
                    ..StageInput::default()
                },
            )
            .await?;
        }
        for member in demo.team {
            let person = people.get(*member).ok_or_else(|| {
                AppError::Internal(format!("demo idea team member {member} is missing"))
            })?;
            ideas::add_member(
                app,
                actor,
                id,
                &MemberInput {
                    person_id: person.to_string(),
                    ..MemberInput::default()
                },
            )
            .await?;
        }
        if index == 0 {
            ideas::add_member(
                app,
                actor,
                id,
                &MemberInput {
                    name: "Eva Lind (påhittad)".into(),
                    role: "Rådgivare, Coompanion".into(),
                    ..MemberInput::default()
                },
            )
            .await?;
            ideas::add_partner(app, actor, id, &partner.to_string()).await?;
            ideas::save_plan(
                app,
                actor,
                id,
                &plan("Privatpersoner.", "Reparationer."),
                None,
            )
            .await?;
            let second = ideas::save_plan(
                app,
                actor,
                id,
                &plan(
                    "Privatpersoner, och kommunen som köper arbetsträning.",
                    "Reparationer, begagnade cyklar och ersättning för arbetsträning.",
                ),
                Some(&bike_workshop_numbers().parse()?),
            )
            .await?;
            ideas::comment(
                app,
                actor,
                id,
                second,
                "Bra att arbetsträningen nu finns med som intäkt. Räkna också på vintern.",
            )
            .await?;
        }
    }
    Ok(())
}

/// The bike workshop's numbers: repairs at 450 kr, 60 a month growing by 3 % a month, a
/// part-time mechanic with wage subsidy, tools and a first stock of parts, financed by member
/// shares and a 150 000 kr loan. Small and plausible, so the demo shows a liquidity forecast.
fn bike_workshop_numbers() -> ForecastForm {
    ForecastForm::from_pairs([
        ("first-month", "2026-09"),
        ("vat-period", "quarterly"),
        ("revenue-1-name", "Reparationer"),
        ("revenue-1-price", "450"),
        ("revenue-1-volume", "60"),
        ("revenue-1-monthly-growth", "3"),
        ("revenue-1-yearly-growth", "10"),
        ("revenue-1-vat", "25"),
        ("revenue-1-terms", "0"),
        ("revenue-2-name", "Begagnade cyklar"),
        ("revenue-2-price", "1 600"),
        ("revenue-2-volume", "4"),
        ("revenue-2-monthly-growth", "2"),
        ("revenue-2-yearly-growth", "5"),
        ("revenue-2-vat", "25"),
        ("revenue-2-terms", "0"),
        ("cost-1-name", "Lokalhyra"),
        ("cost-1-kind", "fixed"),
        ("cost-1-amount", "6 500"),
        ("cost-1-vat", "25"),
        ("cost-1-terms", "30"),
        ("cost-2-name", "Reservdelar"),
        ("cost-2-kind", "variable"),
        ("cost-2-percent", "30"),
        ("cost-2-vat", "25"),
        ("cost-2-terms", "30"),
        ("staff-1-role", "Mekaniker, deltid"),
        ("staff-1-wage", "27 000"),
        ("staff-1-count", "0,5"),
        ("staff-1-subsidy", "9 000"),
        ("staff-1-subsidy-months", "24"),
        ("startup-1-name", "Verktyg och ställ"),
        ("startup-1-kind", "investment"),
        ("startup-1-amount", "85 000"),
        ("startup-1-years", "5"),
        ("startup-2-name", "Första lagret av delar"),
        ("startup-2-kind", "stock"),
        ("startup-2-amount", "25 000"),
        ("startup-3-name", "Registrering och skyltar"),
        ("startup-3-kind", "expense"),
        ("startup-3-amount", "12 000"),
        ("financing-1-name", "Medlemsinsatser"),
        ("financing-1-kind", "member-shares"),
        ("financing-1-amount", "15 000"),
        ("financing-2-name", "Lån från Almi"),
        ("financing-2-kind", "loan"),
        ("financing-2-amount", "150 000"),
        ("financing-2-interest", "7"),
        ("financing-2-term", "60"),
        ("financing-2-grace", "6"),
    ])
}

/// (year back from this one, turnover, result, wage costs, public revenue, employees, target
/// group, annual work units) of Lunchlådan: small, growing, most staff from the target group.
type YearRow = (
    i32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const LUNCH_YEARS: [YearRow; 2] = [
    (
        2, "640 000", "-15 000", "420 000", "180 000", "4", "3", "2,5",
    ),
    (
        1, "910 000", "30 000", "560 000", "260 000", "5", "3", "3,5",
    ),
];

/// The enterprise the demo's Lunchlådan idea became, registered about two years ago, with its
/// figures for the last two years. Not in the public directory, which lists the two older ones.
async fn lunch_enterprise(app: &App, actor: &Actor, kommun: i64) -> Result<i64> {
    let today = app.today();
    let registered = today.saturating_sub(time::Duration::days(700));
    let enterprise = crate::enterprises::create(
        app,
        actor,
        &EnterpriseInput {
            name: "Lunchlådan i Västervik ekonomisk förening".into(),
            operator_id: kommun.to_string(),
            organisationsnummer: "769999-0029".into(),
            legal_form: "ekonomisk-forening".into(),
            registered_on: stegvis_domain::timestamp::format_date(registered),
            city: "Västervik".into(),
            what_it_sells: "Luncher till arbetsplatser.".into(),
            asf: AsfInput {
                runs_business: true,
                work_integration: true,
                participation: true,
                reinvests_profits: true,
                independent: true,
                ..AsfInput::default()
            },
            f_skatt: true,
            employer_registered: true,
            ..EnterpriseInput::default()
        },
    )
    .await?;
    for (back, turnover, result, wages, public, employees, target, units) in LUNCH_YEARS {
        let year = today.year() - back;
        crate::enterprise_figures::save(
            app,
            actor,
            enterprise,
            &YearFiguresInput {
                year: year.to_string(),
                turnover: turnover.into(),
                result: result.into(),
                wage_costs: wages.into(),
                public_revenue: public.into(),
                reinvested_surplus: "0".into(),
                counted_on: format!("{year}-12-31"),
                employees: employees.into(),
                target_group: target.into(),
                work_units: units.into(),
            },
        )
        .await?;
    }
    Ok(enterprise)
}
