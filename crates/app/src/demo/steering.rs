//! The demo programme's steering group and working group: members, meetings over the
//! programme's period with minutes, decisions and action items (some open, some done), an
//! upcoming meeting to prepare, and the readings of the target followed by hand.
//!
//! Dates count back from the demo's today, so the next meeting is always ahead and the pack
//! always has a last meeting to repeat. Every name is invented.

use crate::steering;
use crate::users::UserInput;
use crate::{Actor, App, Result, targets, users};
use stegvis_domain::steering::{
    ActionInput, DecisionInput, GroupInput, MeetingInput, MemberInput, ReadingInput, StatusInput,
};
use stegvis_domain::timestamp::format_date;
use time::Duration;

/// Who the demo needs: the `styrgrupp` login, the coordinator and the case officer.
pub(super) struct People {
    pub styrgrupp: i64,
    pub samordnare: i64,
    pub handlaggare: i64,
}

/// The partner agencies, one steering-group member each.
pub(super) struct Agencies {
    pub kommun: i64,
    pub fk: i64,
    pub af: i64,
    pub region: i64,
}

/// One past meeting: weeks before today, place, minutes, decisions, and actions as (text,
/// owner index into the members, due weeks after the meeting, done).
type PastMeeting = (
    i64,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, usize, i64, bool)],
);

const AGENDA: &str = "Föregående protokoll\nLäget i programmet: effekter och mål\n\
                      Uppföljning av åtgärder\nBudget och finansiering\nÖvriga frågor";

const PAST: [PastMeeting; 5] = [
    (
        60,
        "Stadshuset, Västervik",
        "Styrgruppen gick igenom uppstarten: rutiner för remisser från Försäkringskassan och \
         Arbetsförmedlingen, samtycke och uppföljning. Samordnaren redovisade de första \
         inskrivningarna i siffror.",
        &[
            "Styrgruppen fastställer rutinen för remisser till programmet.",
            "Samordnaren rapporterar deltagare och mål i siffror till varje möte.",
        ],
        &[
            ("Ta fram en gemensam remissblankett", 1, 6, true),
            ("Bjuda in Coompanion till nästa möte", 0, 8, true),
        ],
    ),
    (
        44,
        "Försäkringskassan, Västervik",
        "Coompanion berättade om stödet vid start av kooperativ. Styrgruppen diskuterade hur \
         arbetsträning i sociala företag kan kombineras med rehabiliteringsersättning.",
        &[
            "Programmet samarbetar med Coompanion om rådgivning vid start.",
            "Frågan om arbetsträning i sociala företag tas upp med regionen.",
        ],
        &[
            (
                "Utreda arbetsträning i sociala företag med rehabiliteringsersättning",
                1,
                10,
                true,
            ),
            (
                "Sammanställa regionens stöd för arbetslivsinriktad rehabilitering",
                3,
                10,
                true,
            ),
        ],
    ),
    (
        30,
        "Stadshuset, Västervik",
        "Samordnaren visade effekterna hittills. Företaget som växte ur idén Lunchlådan är \
         inne på sitt andra verksamhetsår. Styrgruppen noterade att färre än väntat har gått vidare till studier.",
        &[
            "Styrgruppen godkänner lägesrapporten.",
            "Arbetsförmedlingen undersöker studiemotiverande insatser för deltagarna.",
        ],
        &[
            (
                "Undersöka studiemotiverande kurser för deltagare",
                2,
                8,
                true,
            ),
            (
                "Planera en inspirationsdag om socialt företagande",
                0,
                12,
                false,
            ),
        ],
    ),
    (
        16,
        "Region Kalmar län, Västervik",
        "Genomgång av budget mot utfall per finansiär. Handboken för socialt företagande är \
         uppdaterad och publicerad. Styrgruppen diskuterade en ansökan om fortsättning.",
        &[
            "Styrgruppen ställer sig bakom att en ansökan om fortsättning förbereds.",
            "Den uppdaterade handboken sprids till partnernas handläggare.",
            "Nästa möte ägnas åt programmets mål.",
        ],
        &[
            ("Skriva utkast till ansökan om fortsättning", 0, 10, false),
            (
                "Sprida handboken till Försäkringskassans handläggare",
                1,
                4,
                true,
            ),
        ],
    ),
    (
        4,
        "Stadshuset, Västervik",
        "Styrgruppen följde upp målen: ett av två sociala företag är startat ur programmets \
         egna idéer. Arbetsförmedlingen lyfte behovet av fler praktikplatser i de sociala företagen.",
        &[
            "Samordnaren prioriterar stödet till de idéer som står närmast start.",
            "Arbetsförmedlingen och samordnaren tar fram en plan för fler praktikplatser.",
        ],
        &[
            (
                "Ta fram en plan för fler praktikplatser i sociala företagen",
                2,
                6,
                false,
            ),
            (
                "Kontakta upphandlingsenheten om reserverade upphandlingar",
                0,
                8,
                false,
            ),
        ],
    ),
];

/// The four agency representatives in the steering group, with their roles in the group.
const REPRESENTATIVES: [(&str, &str, &str); 4] = [
    ("styrgrupp-vvk", "Demo Ledamot Kommunen", "ordförande"),
    ("styrgrupp-fk", "Demo Ledamot Försäkringskassan", "ledamot"),
    ("styrgrupp-af", "Demo Ledamot Arbetsförmedlingen", "ledamot"),
    ("styrgrupp-rkl", "Demo Ledamot Regionen", "ledamot"),
];

pub(super) async fn load(
    app: &App,
    actor: &Actor,
    programme: i64,
    people: &People,
    agencies: &Agencies,
    password: &str,
) -> Result<()> {
    let group = steering::create_group(
        app,
        actor,
        programme,
        &GroupInput {
            kind: "steering".into(),
            name: "Styrgruppen för Sociala företag i Västervik".into(),
        },
    )
    .await?;
    let organisations = [agencies.kommun, agencies.fk, agencies.af, agencies.region];
    let mut members = Vec::new();
    for ((username, name, role), organisation) in REPRESENTATIVES.iter().zip(organisations) {
        let user = users::create_with_password(
            app,
            actor,
            &UserInput {
                username: (*username).into(),
                display_name: (*name).into(),
                role: "steering".into(),
                organisation: organisation.to_string(),
                person: String::new(),
                enterprise: String::new(),
            },
            password,
        )
        .await?;
        member(app, actor, group, user, role).await?;
        members.push(user);
    }
    member(
        app,
        actor,
        group,
        people.styrgrupp,
        "samordningsförbundets representant",
    )
    .await?;
    member(
        app,
        actor,
        group,
        people.samordnare,
        "föredragande samordnare",
    )
    .await?;
    // The owners of the demo's actions: the coordinator and three agency members; the
    // `styrgrupp` login owns one open action, to mark it done when trying the demo.
    let owners = [people.samordnare, members[1], members[2], members[3]];

    let today = app.today();
    for (index, (weeks, place, minutes, decisions, actions)) in PAST.iter().enumerate() {
        let held_on = today - Duration::weeks(*weeks);
        let meeting = steering::add_meeting(
            app,
            actor,
            group,
            &MeetingInput {
                held_on: format_date(held_on),
                place: (*place).into(),
                agenda: AGENDA.into(),
                minutes: (*minutes).into(),
            },
        )
        .await?;
        for body in *decisions {
            steering::add_decision(
                app,
                actor,
                meeting,
                &DecisionInput {
                    body: (*body).into(),
                },
            )
            .await?;
        }
        for (body, owner, due_weeks, done) in *actions {
            let owner = if index == PAST.len() - 1 && *owner == 0 {
                people.styrgrupp
            } else {
                owners[*owner]
            };
            let action = steering::add_action(
                app,
                actor,
                meeting,
                &ActionInput {
                    body: (*body).into(),
                    owner_user_id: owner.to_string(),
                    due_on: format_date(held_on + Duration::weeks(*due_weeks)),
                },
            )
            .await?;
            if *done {
                steering::set_action_status(
                    app,
                    actor,
                    action,
                    &StatusInput {
                        status: "done".into(),
                    },
                )
                .await?;
            }
        }
    }
    steering::add_meeting(
        app,
        actor,
        group,
        &MeetingInput {
            held_on: format_date(today + Duration::weeks(3)),
            place: "Stadshuset, Västervik".into(),
            agenda: AGENDA.into(),
            minutes: String::new(),
        },
    )
    .await?;

    let working = steering::create_group(
        app,
        actor,
        programme,
        &GroupInput {
            kind: "working".into(),
            name: "Arbetsgruppen för remisser och arbetsträning".into(),
        },
    )
    .await?;
    member(app, actor, working, people.samordnare, "sammankallande").await?;
    member(app, actor, working, people.handlaggare, "handläggare").await?;
    member(app, actor, working, members[2], "arbetsförmedlare").await?;
    let meeting = steering::add_meeting(
        app,
        actor,
        working,
        &MeetingInput {
            held_on: format_date(today - Duration::weeks(2)),
            place: "Arbetsförmedlingen, Västervik".into(),
            agenda: "Remisser sedan förra mötet\nPlatser för arbetsträning".into(),
            minutes: "Arbetsgruppen gick igenom nya remisser i siffror och lediga platser för \
                      arbetsträning i de två sociala företagen."
                .into(),
        },
    )
    .await?;
    steering::add_action(
        app,
        actor,
        meeting,
        &ActionInput {
            body: "Stämma av lediga platser för arbetsträning med företagen".into(),
            owner_user_id: people.handlaggare.to_string(),
            due_on: format_date(today + Duration::weeks(2)),
        },
    )
    .await?;
    Ok(())
}

async fn member(app: &App, actor: &Actor, group: i64, user: i64, role: &str) -> Result<i64> {
    steering::add_member(
        app,
        actor,
        group,
        &MemberInput {
            user_id: user.to_string(),
            role: role.into(),
        },
    )
    .await
}

/// Readings of the target followed by hand, every few months back from today.
pub(super) async fn readings(app: &App, actor: &Actor, programme: i64, target: i64) -> Result<()> {
    let today = app.today();
    for (weeks, value, comment) in [
        (70, 4, "Första träffarna med lokala arbetsgivare"),
        (40, 9, "Två träffar tillsammans med Företagarna"),
        (12, 14, "Frukostmöte om reserverade upphandlingar"),
    ] {
        targets::record(
            app,
            actor,
            programme,
            target,
            &ReadingInput {
                value: value.to_string(),
                recorded_on: format_date(today - Duration::weeks(weeks)),
                comment: comment.into(),
            },
        )
        .await?;
    }
    Ok(())
}
