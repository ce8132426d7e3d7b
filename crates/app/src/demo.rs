//! The synthetic demo, modelled on "Sociala företag i Västervik" (2011–2013): that project as a
//! finished programme, and its continuation, running now, with the participants.
//!
//! Every name and amount here is invented for demonstration; no real person is involved.

mod answers;
mod budget;
mod figures;
mod ideas;
mod outreach;
mod people;
mod steering;

use crate::users::UserInput;
use crate::{Actor, App, Result, handbook, organisations, programmes, users};
use stegvis_domain::enterprise::{AsfInput, EnterpriseInput};
use stegvis_domain::organisation::OrganisationInput;
use stegvis_domain::programme::{BudgetInput, ProgrammeInput, TargetInput};

/// The password of every demo account. Demo mode only listens on loopback by default.
pub const DEMO_PASSWORD: &str = "demo-stegvis-2026";

/// A demo login to print for the person trying Stegvis.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: &'static str,
    pub role: &'static str,
    /// The role as the Swedish interface names it, for the demo's printed list of logins.
    pub title: &'static str,
}

pub const DEMO_LOGINS: [DemoLogin; 7] = [
    DemoLogin {
        username: "admin",
        role: "admin",
        title: "Administratör",
    },
    DemoLogin {
        username: "samordnare",
        role: "coordinator",
        title: "Samordnare",
    },
    DemoLogin {
        username: "handlaggare",
        role: "case-officer",
        title: "Handläggare",
    },
    DemoLogin {
        username: "deltagare",
        role: "participant",
        title: "Deltagare",
    },
    DemoLogin {
        username: "foretag",
        role: "enterprise",
        title: "Företagsrepresentant",
    },
    DemoLogin {
        username: "styrgrupp",
        role: "steering",
        title: "Styrgrupp",
    },
    DemoLogin {
        username: "utvarderare",
        role: "evaluator",
        title: "Utvärderare",
    },
];

/// Whether the database has no users yet, so the demo may be loaded into it.
pub async fn is_empty(app: &App) -> Result<bool> {
    let mut tx = app.begin().await?;
    let count = stegvis_storage::users::count(&mut tx).await?;
    tx.commit().await?;
    Ok(count == 0)
}

fn org(name: &str, short: &str, kind: &str) -> OrganisationInput {
    OrganisationInput {
        name: name.into(),
        short_name: short.into(),
        kind: kind.into(),
        org_number: String::new(),
    }
}

/// Fills an empty database with the demo programme, its participants (see [`people`]) and one
/// user of every role; the participant login is linked to one of the participants.
pub async fn load(app: &App) -> Result<i64> {
    let actor = Actor::system("stegvis demo");
    let kommun =
        organisations::create(app, &actor, &org("Västerviks kommun", "VVK", "kommun")).await?;
    let fk = organisations::create(
        app,
        &actor,
        &org("Försäkringskassan", "FK", "forsakringskassan"),
    )
    .await?;
    let af = organisations::create(
        app,
        &actor,
        &org("Arbetsförmedlingen", "AF", "arbetsformedlingen"),
    )
    .await?;
    let region =
        organisations::create(app, &actor, &org("Region Kalmar län", "RKL", "region")).await?;
    let forbund = organisations::create(
        app,
        &actor,
        &org("Samordningsförbundet (demo)", "SOF", "samordningsforbund"),
    )
    .await?;

    let programme = programmes::create(
        app,
        &actor,
        &ProgrammeInput {
            name: "Västerviks projekt sociala företag 2011–2013".into(),
            operator_id: kommun.to_string(),
            starts_on: "2011-09-09".into(),
            ends_on: "2013-09-30".into(),
            focus: "both".into(),
            description:
                "Stöd till bildande och etablering av sociala företag som på sikt kan ge fler \
                          arbetstillfällen för personer i behov av samordnad rehabilitering. \
                          (Demoprogram med påhittade siffror.)"
                    .into(),
        },
    )
    .await?;
    programmes::set_partners(app, &actor, programme, &[fk, af, region]).await?;
    for (organisation, amounts) in [
        (forbund, ["150 000", "600 000", "450 000"]),
        (kommun, ["50 000", "200 000", "150 000"]),
    ] {
        for (year, amount) in (2011..=2013).zip(amounts) {
            programmes::set_budget(
                app,
                &actor,
                programme,
                &BudgetInput {
                    organisation_id: organisation.to_string(),
                    year: year.to_string(),
                    amount: amount.into(),
                },
            )
            .await?;
        }
    }
    for (kind, description, value) in [
        (
            "enterprises-started",
            "Två sociala företag startade under projekttiden",
            "2",
        ),
        (
            "handbook",
            "En handbok för socialt företagande i Västervik",
            "1",
        ),
    ] {
        programmes::add_target(
            app,
            &actor,
            programme,
            &TargetInput {
                kind: kind.into(),
                description: description.into(),
                target_value: value.into(),
                due_on: String::new(),
            },
        )
        .await?;
    }

    let (cafe, returverket) = enterprises(app, &actor, kommun).await?;
    let programme = current_programme(app, &actor, kommun, [fk, af, region]).await?;

    // The demo publishes edition 1 of the shipped national handbook word for word, then the
    // current text as edition 2, so both stay readable under their permanent addresses
    // (decision 0023).
    handbook::start_from(app, &actor, kommun, handbook::edition_one_chapters()?).await?;
    handbook::publish(app, &actor, kommun).await?;
    handbook::adopt_shipped_over_edition_one(app, &actor, kommun).await?;
    handbook::publish(app, &actor, kommun).await?;

    let meetings = outreach::events(app, &actor, programme, app.today()).await?;
    let loaded = people::load(
        app,
        &actor,
        &people::Setting {
            programme,
            kommun,
            fk,
            af,
            region,
            meetings,
        },
    )
    .await?;
    figures::load(app, &actor, &loaded, cafe, returverket).await?;
    budget::load(app, &actor, programme, kommun, [fk, af, region]).await?;
    ideas::load(app, &actor, programme, kommun, af, loaded.portal_person).await?;
    outreach::network(
        app,
        &actor,
        programme,
        kommun,
        (cafe, returverket),
        app.today(),
    )
    .await?;

    let names = [
        "Demo Administratör",
        "Demo Samordnare",
        "Demo Handläggare",
        "Demo Deltagare",
        "Demo Företagare",
        "Demo Styrgrupp",
        "Demo Utvärderare",
    ];
    let mut user_ids = std::collections::HashMap::new();
    for (login, name) in DEMO_LOGINS.iter().zip(names) {
        let organisation = match login.role {
            "coordinator" => kommun.to_string(),
            "case-officer" => fk.to_string(),
            "steering" => forbund.to_string(),
            _ => String::new(),
        };
        let id = users::create_with_password(
            app,
            &actor,
            &UserInput {
                username: login.username.into(),
                display_name: name.into(),
                role: login.role.into(),
                organisation,
                person: if login.role == "participant" {
                    loaded.portal_person.to_string()
                } else {
                    String::new()
                },
                enterprise: if login.role == "enterprise" {
                    cafe.to_string()
                } else {
                    String::new()
                },
            },
            DEMO_PASSWORD,
        )
        .await?;
        user_ids.insert(login.username, id);
    }
    steering::load(
        app,
        &actor,
        programme,
        &steering::People {
            styrgrupp: user_ids["styrgrupp"],
            samordnare: user_ids["samordnare"],
            handlaggare: user_ids["handlaggare"],
        },
        &steering::Agencies {
            kommun,
            fk,
            af,
            region,
        },
        DEMO_PASSWORD,
    )
    .await?;
    app.db.analyze().await?;
    Ok(programme)
}

/// The two social enterprises the demo programme started, both registered within its period
/// and publicly listed. Names are invented; the organisation numbers are valid (Luhn) but
/// synthetic, from the far ends of their series (769999-…, 559999-…). Returns their ids.
/// The programme the demo participants are in: the Västervik work carried on, running from
/// January four years ago to December next year, so every episode of the demo (the oldest intake
/// is about three years back) lies within its period. The 2011–2013 project stays as a
/// finished programme with its budget and targets.
async fn current_programme(
    app: &App,
    actor: &Actor,
    kommun: i64,
    partners: [i64; 3],
) -> Result<i64> {
    let year = app.today().year();
    let programme = programmes::create(
        app,
        actor,
        &ProgrammeInput {
            name: "Sociala företag i Västervik".into(),
            operator_id: kommun.to_string(),
            starts_on: format!("{}-01-01", year - 4),
            ends_on: format!("{}-12-31", year + 1),
            focus: "both".into(),
            description: "Fortsättningen på projektet 2011–2013: deltagare långt från \
                          arbetsmarknaden prövar och startar sociala företag med stöd av \
                          kommunen, Försäkringskassan, Arbetsförmedlingen och regionen. \
                          (Demoprogram med påhittade siffror.)"
                .into(),
        },
    )
    .await?;
    programmes::set_partners(app, actor, programme, &partners).await?;
    for (kind, description, value) in [
        (
            "enterprises-started",
            "Två sociala företag ur programmets egna affärsidéer",
            "2",
        ),
        (
            "handbook",
            "Handboken för socialt företagande uppdaterad",
            "1",
        ),
        ("participants", "40 deltagare under programtiden", "40"),
        ("business-plans", "Sex affärsplaner skrivna", "6"),
        (
            "left-for-work-or-studies",
            "15 deltagare går vidare till arbete eller studier",
            "15",
        ),
        (
            "events",
            "Tolv informationsmöten, kurser och studiebesök",
            "12",
        ),
        ("other", "20 träffar med arbetsgivare och upphandlare", "20"),
    ] {
        let target = programmes::add_target(
            app,
            actor,
            programme,
            &TargetInput {
                kind: kind.into(),
                description: description.into(),
                target_value: value.into(),
                due_on: format!("{}-12-31", year + 1),
            },
        )
        .await?;
        if kind == "other" {
            steering::readings(app, actor, programme, target).await?;
        }
    }
    demo_scenario(app, actor, programme, year).await?;
    Ok(programme)
}

/// An ex-ante scenario for the programme's next application: the typical case and a
/// second one on sickness compensation, valued with the default parameters of this year.
async fn demo_scenario(app: &App, actor: &Actor, programme: i64, year: i32) -> Result<i64> {
    use stegvis_domain::socioeconomics::{CaseInput, ScenarioInput};
    let case =
        |name: &str, participants: &str, source: &str, after: &str, job: &str, months: &str| {
            CaseInput {
                name: name.into(),
                participants: participants.into(),
                source: source.into(),
                share_before: "100".into(),
                share_after: after.into(),
                job_share: job.into(),
                months_to_outcome: months.into(),
                ..CaseInput::default()
            }
        };
    let mut second = case(
        "100 % sjukersättning → 25 % arbete med lönestöd efter 18 månader",
        "6",
        "sjukersattning",
        "75",
        "25",
        "18",
    );
    second.subsidised = true;
    crate::socioeconomics::create_scenario(
        app,
        actor,
        programme,
        &ScenarioInput {
            name: format!(
                "Ansökan {}–{}: fortsättning med 18 deltagare",
                year + 1,
                year + 2
            ),
            parameter_year: year.to_string(),
            investment: [
                ("kommunen", "500 000"),
                ("forsakringskassan", "400 000"),
                ("regionen", "200 000"),
            ]
            .into_iter()
            .map(|(actor, amount)| (actor.to_string(), amount.to_string()))
            .collect(),
            cases: vec![
                case(
                    "100 % försörjningsstöd i 2 år → 50 % jobb i socialt företag efter 12 månader",
                    "12",
                    "forsorjningsstod",
                    "0",
                    "50",
                    "12",
                ),
                second,
            ],
        },
    )
    .await
}

async fn enterprises(app: &App, actor: &Actor, kommun: i64) -> Result<(i64, i64)> {
    let all_criteria = |note: &str| AsfInput {
        runs_business: true,
        work_integration: true,
        work_integration_note: note.into(),
        participation: true,
        reinvests_profits: true,
        independent: true,
        ..AsfInput::default()
    };
    let base = EnterpriseInput {
        operator_id: kommun.to_string(),
        city: "Västervik".into(),
        f_skatt: true,
        vat_registered: true,
        employer_registered: true,
        public_listing: true,
        ..EnterpriseInput::default()
    };
    let cafe = crate::enterprises::create(
        app,
        actor,
        &EnterpriseInput {
            name: "Kustens Café & Catering ekonomisk förening".into(),
            organisationsnummer: "769999-0011".into(),
            legal_form: "ekonomisk-forening".into(),
            registered_on: "2012-05-14".into(),
            sni_code: "56.101".into(),
            address: "Strandgatan 1 (demo)".into(),
            postal_code: "593 30".into(),
            what_it_sells: "Lunchservering, fika och catering till möten och fester.".into(),
            how_to_buy: "Beställ catering per telefon eller e-post minst tre dagar i förväg. \
                         Tar emot direktupphandlingar och IOP."
                .into(),
            contact_email: "bestallning@kustens-cafe.example".into(),
            contact_phone: "0490-100 00".into(),
            website: "https://kustens-cafe.example".into(),
            asf: all_criteria("Stadgar § 2"),
            ..base.clone()
        },
    )
    .await?;
    let returverket = crate::enterprises::create(
        app,
        actor,
        &EnterpriseInput {
            name: "Returverket Västervik AB (svb)".into(),
            organisationsnummer: "559999-0016".into(),
            legal_form: "aktiebolag-svb".into(),
            registered_on: "2013-03-01".into(),
            sni_code: "47.790".into(),
            address: "Verkstadsvägen 5 (demo)".into(),
            postal_code: "593 50".into(),
            what_it_sells: "Second hand, renovering av möbler och enklare flyttjänster.".into(),
            how_to_buy: "Butiken är öppen vardagar. Offert på flytt och renovering via e-post."
                .into(),
            contact_email: "info@returverket.example".into(),
            contact_phone: "0490-200 00".into(),
            website: "https://returverket.example".into(),
            asf: all_criteria("Bolagsordning § 4"),
            ..base
        },
    )
    .await?;
    Ok((cafe, returverket))
}
