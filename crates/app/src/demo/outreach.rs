//! The demo programme's outreach events and its network: information meetings with anonymous
//! visitors, a course on starting a firm, a study visit and a network meeting over the last two
//! years, and the organisations around the programme (Coompanion, Almi, Nyföretagarcentrum, a
//! bank, a public buyer, another social enterprise) with their roles for the demo's business
//! ideas and enterprises. Every name is invented; the contact people's phone numbers are from
//! the series reserved for fiction and their e-mail addresses use example.com.

use crate::{Actor, App, Result, network, outreach};
use stegvis_domain::access::IdeaScope;
use stegvis_domain::network::{ContactInput, LinkTarget, LogInput, OrganisationInput};
use stegvis_domain::outreach::EventInput;
use stegvis_domain::timestamp::format_date;
use time::{Date, Duration};

/// (kind, title, days ago, place, hours, women, men, unknown, professionals)
type DemoEvent = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    u32,
    u32,
    u32,
    &'static [(&'static str, u32)],
);

const EVENTS: &[DemoEvent] = &[
    (
        "information-meeting",
        "Informationsmöte: vad är ett socialt företag?",
        700,
        "Stadsbiblioteket",
        "2",
        11,
        7,
        1,
        &[("Försäkringskassan", 2)],
    ),
    (
        "information-meeting",
        "Informationsmöte på Träffpunkten",
        520,
        "Träffpunkten",
        "2",
        9,
        10,
        2,
        &[],
    ),
    (
        "starting-a-firm",
        "Kurs: starta och driva ett socialt företag",
        430,
        "Coompanions lokal",
        "12",
        6,
        5,
        0,
        &[("Coompanion", 1)],
    ),
    (
        "information-meeting",
        "Informationsmöte för handläggare",
        360,
        "Kommunhuset",
        "1,5",
        8,
        3,
        0,
        &[
            ("Försäkringskassan", 4),
            ("Arbetsförmedlingen", 3),
            ("Region Kalmar län", 2),
        ],
    ),
    (
        "study-visit",
        "Studiebesök hos ett socialt företag i Kalmar",
        300,
        "Kalmar",
        "6",
        7,
        6,
        0,
        &[("Arbetsförmedlingen", 1)],
    ),
    (
        "information-meeting",
        "Informationsmöte: arbeta i ett socialt företag",
        200,
        "Stadsbiblioteket",
        "2",
        12,
        9,
        2,
        &[],
    ),
    (
        "network-meeting",
        "Nätverksträff med företagare och upphandlare",
        150,
        "Västerviks kommun",
        "3",
        10,
        12,
        1,
        &[
            ("Västerviks kommun, upphandling", 3),
            ("Sparbanken Västervik", 1),
            ("Almi", 1),
        ],
    ),
    (
        "inspiration-day",
        "Inspirationsdag: idéer som blir företag",
        90,
        "Folkets hus",
        "5",
        14,
        9,
        3,
        &[("Nyföretagarcentrum", 2)],
    ),
    (
        "seminar",
        "Seminarium om reserverade upphandlingar",
        45,
        "Kommunhuset",
        "2",
        6,
        8,
        0,
        &[("Västerviks kommun, upphandling", 4)],
    ),
];

/// Records the demo events; returns the information meetings (id, date) a referral may name.
pub(super) async fn events(
    app: &App,
    actor: &Actor,
    programme: i64,
    today: Date,
) -> Result<Vec<(i64, Date)>> {
    let mut meetings = Vec::new();
    for (kind, title, days_ago, place, hours, women, men, unknown, professionals) in EVENTS {
        let held_on = today.saturating_sub(Duration::days(*days_ago));
        let id = outreach::create(
            app,
            actor,
            programme,
            &EventInput {
                kind: (*kind).into(),
                title: (*title).into(),
                held_on: format_date(held_on),
                place: (*place).into(),
                organiser: "Sociala företag i Västervik".into(),
                audience: "Personer som står långt från arbetsmarknaden och de som möter dem"
                    .into(),
                hours: (*hours).into(),
                evaluation: "Bra frågor från besökarna. Nästa gång: fika före, inte efter.".into(),
                women: women.to_string(),
                men: men.to_string(),
                unknown: unknown.to_string(),
                professionals: professionals
                    .iter()
                    .map(|(o, n)| ((*o).to_string(), n.to_string()))
                    .collect(),
            },
        )
        .await?;
        if *kind == "information-meeting" {
            meetings.push((id, held_on));
        }
    }
    Ok(meetings)
}

/// The information meeting a demo referral on `referred_on` names: every third referral
/// within 60 days after a meeting names the latest meeting before it.
pub(super) fn referral_event(meetings: &[(i64, Date)], index: usize, referred_on: Date) -> String {
    if index % 3 != 1 {
        return String::new();
    }
    meetings
        .iter()
        .filter(|(_, held)| *held <= referred_on && referred_on - *held <= Duration::days(60))
        .max_by_key(|(_, held)| *held)
        .map(|(id, _)| id.to_string())
        .unwrap_or_default()
}

/// (name, kind, role for the programme, contact, contact's role, contact phone suffix)
const ORGANISATIONS: &[(&str, &str, &str, &str, &str, u32)] = &[
    (
        "Coompanion Kalmar län",
        "cooperative-advice",
        "Rådgivning om kooperativ och sociala företag, kursen om att starta",
        "Lena Andersson",
        "Affärsrådgivare",
        41,
    ),
    (
        "Almi Företagspartner Kalmar",
        "business-finance",
        "Mikrolån och rådgivning om finansiering",
        "Per Holm",
        "Finansieringsrådgivare",
        42,
    ),
    (
        "Nyföretagarcentrum Västervik",
        "new-business-advice",
        "Kostnadsfri rådgivning till nya företagare",
        "Sara Lind",
        "Rådgivare",
        43,
    ),
    (
        "Sparbanken Västervik",
        "bank",
        "Företagskonton och lån till de nya företagen",
        "Jonas Berg",
        "Företagsrådgivare",
        44,
    ),
    (
        "Västerviks kommun, upphandling",
        "public-buyer",
        "Reserverade upphandlingar för sociala företag",
        "Maria Ek",
        "Upphandlare",
        45,
    ),
    (
        "Vägen Ut! kooperativen",
        "social-enterprise",
        "Förebild och studiebesök",
        "Ali Karimi",
        "Verksamhetsledare",
        46,
    ),
];

/// The demo network, linked to the demo's ideas and the two enterprises.
pub(super) async fn network(
    app: &App,
    actor: &Actor,
    programme: i64,
    kommun: i64,
    enterprises: (i64, i64),
    today: Date,
) -> Result<()> {
    let ideas: Vec<(i64, String)> = {
        let mut tx = app.begin_read().await?;
        let found = stegvis_storage::ideas::list(&mut tx, IdeaScope::Operator(kommun)).await?;
        tx.commit().await?;
        found
            .into_iter()
            .filter(|i| i.programme_id == programme)
            .map(|i| (i.id, i.title))
            .collect()
    };
    let idea = |n: usize| ideas.get(n % ideas.len().max(1)).map(|(id, _)| *id);
    let (cafe, returverket) = enterprises;
    for (n, (name, kind, role, contact, contact_role, phone)) in ORGANISATIONS.iter().enumerate() {
        let id = network::add_organisation(
            app,
            actor,
            programme,
            &OrganisationInput {
                name: (*name).into(),
                kind: (*kind).into(),
                role: (*role).into(),
            },
        )
        .await?;
        let contact_id = network::add_contact(
            app,
            actor,
            id,
            &ContactInput {
                name: (*contact).into(),
                role: (*contact_role).into(),
                email: format!("kontakt{}@example.com", n + 1),
                // 070-174 06 05 to 070-174 06 99 are reserved for use in fiction.
                phone: format!("070-174 06 {phone:02}"),
            },
        )
        .await?;
        let links: Vec<(LinkTarget, &str)> = match *kind {
            "cooperative-advice" => idea(0)
                .map(|i| (LinkTarget::Idea(i), "Rådgivning om föreningsform"))
                .into_iter()
                .chain([(
                    LinkTarget::Enterprise(cafe),
                    "Hjälpte till att bilda föreningen",
                )])
                .collect(),
            "business-finance" => vec![(
                LinkTarget::Enterprise(returverket),
                "Mikrolån till släpvagn",
            )],
            "new-business-advice" => idea(1)
                .map(|i| (LinkTarget::Idea(i), "Affärsplanen granskad"))
                .into_iter()
                .collect(),
            "bank" => vec![(LinkTarget::Enterprise(cafe), "Företagskonto")],
            "public-buyer" => vec![
                (
                    LinkTarget::Enterprise(cafe),
                    "Reserverad upphandling av fika till kommunens möten",
                ),
                (
                    LinkTarget::Enterprise(returverket),
                    "Kund: tömning av returstationer",
                ),
            ],
            _ => idea(2)
                .map(|i| (LinkTarget::Idea(i), "Mentor för teamet"))
                .into_iter()
                .collect(),
        };
        for (target, link_role) in links {
            network::add_link(app, actor, id, &target.code(), link_role).await?;
        }
        network::add_log(
            app,
            actor,
            id,
            &LogInput {
                contacted_on: format_date(today.saturating_sub(Duration::days(30 + 20 * n as i64))),
                contact_id: contact_id.to_string(),
                what: format!("Möte om samarbetet under året med {contact}."),
                follow_up: "Skicka programmets halvårsrapport.".into(),
                follow_up_on: format_date(today.saturating_add(Duration::days(14))),
            },
        )
        .await?;
    }
    Ok(())
}
