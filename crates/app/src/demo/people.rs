//! The demo programme's participants: 45 invented referrals at every stage of the work, from
//! a fresh referral to follow-ups after exit. Two are declined at intake and removed, as the
//! rules require, which leaves 43 people. Eight left more than 13 months ago, so their twelve
//! months after exit have passed and the effects page has a followed-up group for effect 1.
//!
//! Everything goes through the same use cases as the web pages, so every rule holds and every
//! change is in the audit log. The use cases refuse dates in the future, so all dates are
//! counted back from today, which also keeps the demo current whenever it is loaded. Nothing is
//! random: every load gives the same people and numbers, with the same history relative to the
//! day it is loaded.
//!
//! Personnummer are made up with serial numbers 980–999, the range of Skatteverket's published
//! test numbers, and a computed check digit, so they pass the same validation as real ones
//! without being anyone's. People without a number have only birth year and sex. Every name is
//! invented.

use crate::persons::{self, ReferralInput, StepInput};
use crate::{Actor, App, AppError, Result, activities};
use stegvis_domain::consent::ConsentInput;
use stegvis_domain::episode::{ExitInput, ExitReason, FollowUpInput, SnapshotInput};
use stegvis_domain::income::IncomeRangeInput;
use stegvis_domain::luhn::luhn_check_digit;
use stegvis_domain::person::PersonInput;
use stegvis_domain::personnummer::Sex;
use stegvis_domain::plan::{ActivityInput, AppointmentInput};
use stegvis_domain::timestamp::format_date;
use time::{Date, Duration, Month};

/// The organisations and programme the participants belong to.
pub(super) struct Setting {
    pub programme: i64,
    pub kommun: i64,
    pub fk: i64,
    pub af: i64,
    pub region: i64,
    /// The demo's information meetings (id, date), which some referrals name.
    pub meetings: Vec<(i64, Date)>,
}

/// Who referred the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Referrer {
    Fk,
    Af,
    Region,
    Kommun,
    /// A self-referral.
    Own,
}

/// How far a person has come; every number is days before today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Referred, nothing more yet.
    Referred(i64),
    /// Referred, and declined at the intake meeting.
    Declined(i64),
    /// Consented to participate (referred two weeks earlier); no baseline yet.
    Intake(i64),
    /// Intake and baseline, so the work has started.
    Active(i64),
    Exited {
        intake: i64,
        exit: i64,
        reason: ExitReason,
    },
}

impl Stage {
    fn referral(self) -> i64 {
        match self {
            Stage::Referred(days) | Stage::Declined(days) => days,
            Stage::Intake(days) | Stage::Active(days) | Stage::Exited { intake: days, .. } => {
                days + 14
            }
        }
    }

    fn intake(self) -> Option<i64> {
        match self {
            Stage::Referred(_) | Stage::Declined(_) => None,
            Stage::Intake(days) | Stage::Active(days) | Stage::Exited { intake: days, .. } => {
                Some(days)
            }
        }
    }

    /// Whether the work has started: baseline, plan and the consents beyond participation.
    fn started(self) -> bool {
        matches!(self, Stage::Active(_) | Stage::Exited { .. })
    }
}

struct Person {
    given: &'static str,
    family: &'static str,
    sex: Sex,
    from: Referrer,
    stage: Stage,
    /// Birth year of someone without a personnummer; `None` gives a test number.
    unnumbered: Option<i32>,
    /// A preferred language other than Swedish, and whether an interpreter is needed.
    language: Option<(&'static str, bool)>,
    protected_identity: bool,
}

const fn p(
    given: &'static str,
    family: &'static str,
    sex: Sex,
    from: Referrer,
    stage: Stage,
) -> Person {
    Person {
        given,
        family,
        sex,
        from,
        stage,
        unnumbered: None,
        language: None,
        protected_identity: false,
    }
}

impl Person {
    const fn speaks(mut self, language: &'static str, interpreter: bool) -> Self {
        self.language = Some((language, interpreter));
        self
    }

    const fn born(mut self, year: i32) -> Self {
        self.unnumbered = Some(year);
        self
    }

    const fn protected(mut self) -> Self {
        self.protected_identity = true;
        self
    }
}

const F: Sex = Sex::Female;
const M: Sex = Sex::Male;

const fn active(days: i64) -> Stage {
    Stage::Active(days)
}

const fn exited(intake: i64, exit: i64, reason: ExitReason) -> Stage {
    Stage::Exited {
        intake,
        exit,
        reason,
    }
}

/// The participant the demo's `deltagare` login is linked to: active, with a plan, an
/// upcoming appointment and attendance at activities.
const PORTAL_PERSON: usize = 0;

/// Everyone, numbered people first (a person's place in the list gives their test number),
/// then three without a number: "Amina Hasan" is flagged as a possible duplicate of "Amina
/// Hassan", born the same year.
const PEOPLE: [Person; 45] = [
    p("Linnea", "Berg", F, Referrer::Fk, active(120)),
    p("Mats", "Holmgren", M, Referrer::Af, active(45)),
    p("Fatima", "Al-Sayed", F, Referrer::Kommun, active(210)).speaks("arabiska", true),
    p("Johan", "Ekdahl", M, Referrer::Fk, active(330)),
    p("Sanna", "Lövgren", F, Referrer::Region, active(90)),
    p("Dariusz", "Nowak", M, Referrer::Af, active(260)).speaks("polska", false),
    p("Elin", "Sjöberg", F, Referrer::Own, active(30)),
    p("Ahmad", "Rahimi", M, Referrer::Kommun, active(180)).speaks("dari", true),
    p("Maria", "Lundkvist", F, Referrer::Fk, active(400)).protected(),
    p("Kenneth", "Ström", M, Referrer::Region, active(150)),
    p("Hodan", "Warsame", F, Referrer::Af, active(75)).speaks("somaliska", false),
    p("Patrik", "Nyberg", M, Referrer::Fk, active(240)),
    p("Anneli", "Forsberg", F, Referrer::Kommun, active(60)),
    p("Tomas", "Wikström", M, Referrer::Af, active(300)),
    p("Mirela", "Hodžić", F, Referrer::Region, active(135)).speaks("bosniska", false),
    p("Oskar", "Brandt", M, Referrer::Own, active(20)),
    p("Jenny", "Axelsson", F, Referrer::Fk, active(365)),
    p("Samir", "Haddad", M, Referrer::Kommun, active(100)).speaks("arabiska", false),
    p("Lena", "Gustafsson", F, Referrer::Fk, Stage::Intake(10)),
    p("Nils", "Åberg", M, Referrer::Af, Stage::Intake(6)),
    p("Rahel", "Kidane", F, Referrer::Kommun, Stage::Intake(14)).speaks("tigrinja", true),
    p("Viktor", "Dahl", M, Referrer::Region, Stage::Intake(3)),
    p("Emma", "Söderlund", F, Referrer::Fk, Stage::Referred(5)),
    p("Ali", "Yusuf", M, Referrer::Af, Stage::Referred(12)),
    p("Karin", "Mattsson", F, Referrer::Own, Stage::Referred(2)),
    p("Stefan", "Olsson", M, Referrer::Kommun, Stage::Referred(20)),
    p("Ida", "Hellström", F, Referrer::Fk, Stage::Declined(40)),
    p("Marko", "Petrović", M, Referrer::Af, Stage::Declined(70)),
    p(
        "Ingrid",
        "Palm",
        F,
        Referrer::Fk,
        exited(420, 130, ExitReason::Completed),
    ),
    p(
        "Hassan",
        "Jama",
        M,
        Referrer::Af,
        exited(1150, 800, ExitReason::Completed),
    ),
    p(
        "Malin",
        "Strand",
        F,
        Referrer::Kommun,
        exited(900, 560, ExitReason::Completed),
    ),
    p(
        "Peter",
        "Nordin",
        M,
        Referrer::Fk,
        exited(1000, 600, ExitReason::Completed),
    ),
    p(
        "Sofia",
        "Engström",
        F,
        Referrer::Region,
        exited(800, 480, ExitReason::Completed),
    ),
    p(
        "Roger",
        "Lindberg",
        M,
        Referrer::Af,
        exited(240, 60, ExitReason::Completed),
    ),
    p(
        "Amra",
        "Begić",
        F,
        Referrer::Kommun,
        exited(380, 190, ExitReason::OwnChoice),
    ),
    p(
        "Jonas",
        "Falk",
        M,
        Referrer::Own,
        exited(850, 520, ExitReason::OwnChoice),
    ),
    p(
        "Helena",
        "Kvist",
        F,
        Referrer::Fk,
        exited(450, 250, ExitReason::Moved),
    ),
    p(
        "Abdi",
        "Nur",
        M,
        Referrer::Af,
        exited(650, 420, ExitReason::Moved),
    )
    .speaks("somaliska", true),
    p(
        "Therese",
        "Björk",
        F,
        Referrer::Region,
        exited(330, 150, ExitReason::Illness),
    ),
    p(
        "Lars",
        "Hedlund",
        M,
        Referrer::Fk,
        exited(820, 450, ExitReason::Illness),
    ),
    p(
        "Zeynep",
        "Demir",
        F,
        Referrer::Kommun,
        exited(760, 430, ExitReason::Other),
    )
    .speaks("turkiska", false),
    p(
        "Mikael",
        "Sandberg",
        M,
        Referrer::Af,
        exited(200, 90, ExitReason::RegisteredInError),
    ),
    p("Amina", "Hassan", F, Referrer::Af, active(160))
        .born(1985)
        .speaks("somaliska", false),
    p("Amina", "Hasan", F, Referrer::Own, Stage::Referred(8)).born(1985),
    p("Yonas", "Tesfaye", M, Referrer::Own, Stage::Intake(9))
        .born(1994)
        .speaks("tigrinja", true),
];

/// The birth date and test number of the person at `index`: birth years 1960–2003, all
/// different, and a serial number of 980–999 whose last digit is odd for men and even for
/// women, as in real numbers.
fn test_number(index: usize, sex: Sex) -> Result<(Date, String)> {
    let i = u16::try_from(index).map_err(|_| AppError::Internal("demo index".into()))?;
    let year = 1960 + i32::from((i * 17 + 20) % 44);
    let month = Month::try_from(u8::try_from(i * 7 % 12 + 1).unwrap_or(1))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let day = u8::try_from(i * 11 % 28 + 1).unwrap_or(1);
    let birth = Date::from_calendar_date(year, month, day)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let serial = 980
        + 2 * (i * 3 % 10)
        + match sex {
            Sex::Male => 1,
            Sex::Female => 0,
        };
    let date_digits = format!("{:02}{:02}{day:02}{serial}", year % 100, u8::from(month));
    let payload: Vec<u8> = date_digits.bytes().map(|b| b - b'0').collect();
    let check = luhn_check_digit(&payload);
    Ok((
        birth,
        format!("{year}{:02}{day:02}-{serial}{check}", u8::from(month)),
    ))
}

/// `date`'s month moved by `offset` months, as `YYYY-MM`.
fn month(date: Date, offset: i32) -> String {
    let index = month_index(date) + offset;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

fn month_index(date: Date) -> i32 {
    date.year() * 12 + i32::from(u8::from(date.month())) - 1
}

/// A group activity of the programme: kind, title, days before today (negative: planned)
/// and hours.
const ACTIVITIES: [(&str, &str, i64, &str); 9] = [
    (
        "inspiration",
        "Inspirationsträff: vad är ett socialt företag?",
        330,
        "2",
    ),
    (
        "inspiration",
        "Inspirationsträff: möt ett arbetsintegrerande företag",
        210,
        "2",
    ),
    ("course", "Kurs i att starta företag, del 1", 120, "3"),
    ("course", "Kurs i att starta företag, del 2", 113, "3"),
    ("study-visit", "Studiebesök på ett socialt företag", 80, "5"),
    (
        "inspiration",
        "Inspirationsträff: tidigare deltagare berättar",
        50,
        "2",
    ),
    ("work-training", "Arbetsträning i caféet", 24, "6"),
    (
        "work-training",
        "Arbetsträning i secondhandbutiken",
        12,
        "6",
    ),
    (
        "inspiration",
        "Inspirationsträff: nya idéer inför våren",
        -14,
        "2",
    ),
];

/// Goals with their steps (description, owner); a started person gets one or two of them.
const GOALS: [(&str, &[(&str, &str)]); 3] = [
    (
        "Hitta en plats för arbetsträning",
        &[
            ("Besöka två sociala företag", "participant"),
            ("Skriva ett cv", "together"),
            ("Stämma av med handläggaren", "case-officer"),
        ],
    ),
    (
        "Komma igång med regelbundna tider",
        &[
            ("Delta i inspirationsträffarna", "participant"),
            ("Prova arbetsträning två dagar i veckan", "together"),
        ],
    ),
    (
        "Pröva en egen affärsidé",
        &[
            ("Gå kursen i att starta företag", "participant"),
            ("Göra en enkel budget", "together"),
        ],
    ),
];

/// A few notes, neutral as notes should be: (person, text).
const NOTES: [(usize, &str); 3] = [
    (
        0,
        "Första samtalet. Berättade om intresse för matlagning och trädgård och vill gärna \
         prova arbetsträning i caféet.",
    ),
    (
        2,
        "Har varit med på två inspirationsträffar. Förmiddagstider passar bäst.",
    ),
    (
        5,
        "Gick igenom planen tillsammans. Nästa steg är studiebesöket.",
    ),
];

const EDUCATION: [&str; 7] = [
    "gymnasial",
    "forgymnasial",
    "gymnasial-kort",
    "eftergymnasial-kort",
    "forgymnasial-kort",
    "gymnasial",
    "eftergymnasial",
];

const DURATIONS: [&str; 5] = ["6-12-man", "1-2-ar", "2-5-ar", "over-5-ar", "under-6-man"];

/// What happens in the programme on one day, in the order it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// The person's referral and everything up to the start of the work.
    Join(usize),
    Activity(usize),
    Exit(usize),
}

struct Seeder<'a> {
    app: &'a App,
    actor: &'a Actor,
    setting: &'a Setting,
    today: Date,
    /// Person and episode of everyone registered so far.
    joined: Vec<Option<(i64, i64)>>,
}

/// The people the demo registered, for the parts of the demo built on them.
pub(super) struct Loaded {
    /// The person the participant login is to be linked to.
    pub portal_person: i64,
    /// Person ids in the order of `PEOPLE`; `None` for those declined and removed.
    ids: Vec<Option<i64>>,
}

impl Loaded {
    /// The id of a demo person by name, so other demo modules need not know list positions.
    pub fn by_name(&self, given: &str, family: &str) -> Result<i64> {
        PEOPLE
            .iter()
            .position(|p| p.given == given && p.family == family)
            .and_then(|index| self.ids.get(index).copied().flatten())
            .ok_or_else(|| AppError::Internal(format!("no demo person {given} {family}")))
    }
}

/// Creates the participants, their histories and the programme's activities.
pub(super) async fn load(app: &App, actor: &Actor, setting: &Setting) -> Result<Loaded> {
    let mut seeder = Seeder {
        app,
        actor,
        setting,
        today: app.today(),
        joined: vec![None; PEOPLE.len()],
    };
    // Activities record everyone taking part at the time, so the history is replayed in date
    // order: joins before activities before exits on the same day.
    let mut events: Vec<(i64, Event)> = Vec::new();
    for (index, person) in PEOPLE.iter().enumerate() {
        let joined = person.stage.intake().unwrap_or(person.stage.referral());
        events.push((joined, Event::Join(index)));
        if let Stage::Exited { exit, .. } = person.stage {
            events.push((exit, Event::Exit(index)));
        }
    }
    for (index, (_, _, days, _)) in ACTIVITIES.iter().enumerate() {
        events.push((*days, Event::Activity(index)));
    }
    events.sort_by_key(|(days, event)| (-days, *event));
    for (_, event) in events {
        match event {
            Event::Join(index) => seeder.join(index).await?,
            Event::Activity(index) => seeder.activity(index).await?,
            Event::Exit(index) => seeder.exit(index).await?,
        }
    }
    seeder.record_follow_ups().await?;
    seeder.answers().await?;
    Ok(Loaded {
        portal_person: seeder.ids(PORTAL_PERSON)?.0,
        ids: seeder
            .joined
            .iter()
            .map(|j| j.map(|(person, _)| person))
            .collect(),
    })
}

impl Seeder<'_> {
    fn day(&self, days_ago: i64) -> Date {
        self.today.saturating_sub(Duration::days(days_ago))
    }

    fn ids(&self, index: usize) -> Result<(i64, i64)> {
        self.joined
            .get(index)
            .copied()
            .flatten()
            .ok_or_else(|| AppError::Internal(format!("demo person {index} is not registered")))
    }

    fn organisation(&self, from: Referrer) -> Option<i64> {
        match from {
            Referrer::Fk => Some(self.setting.fk),
            Referrer::Af => Some(self.setting.af),
            Referrer::Region => Some(self.setting.region),
            Referrer::Kommun => Some(self.setting.kommun),
            Referrer::Own => None,
        }
    }

    fn person_input(index: usize, person: &Person) -> Result<PersonInput> {
        let mut input = PersonInput {
            given_name: person.given.into(),
            family_name: person.family.into(),
            protected_identity: person.protected_identity,
            ..PersonInput::default()
        };
        match person.unnumbered {
            Some(year) => {
                input.birth_year = year.to_string();
                input.sex = match person.sex {
                    Sex::Female => "female",
                    Sex::Male => "male",
                }
                .into();
            }
            None => input.personnummer = test_number(index, person.sex)?.1,
        }
        if let Some((language, interpreter)) = person.language {
            input.preferred_language = language.into();
            input.interpreter_needed = interpreter;
        }
        if !person.protected_identity {
            input.address = format!("Demogatan {}, 593 30 Västervik", index + 1);
            // 070-174 06 05 to 070-174 06 99 are reserved for use in fiction.
            input.phone = format!("070-174 06 {:02}", index + 5);
            input.email = format!("deltagare{}@example.com", index + 1);
        }
        Ok(input)
    }

    async fn join(&mut self, index: usize) -> Result<()> {
        let person = &PEOPLE[index];
        let (app, actor) = (self.app, self.actor);
        let referred_on = self.day(person.stage.referral());
        let registered = persons::register_from(
            app,
            actor,
            &ReferralInput {
                person: Self::person_input(index, person)?,
                programme_id: self.setting.programme.to_string(),
                referred_on: format_date(referred_on),
                referring_organisation_id: self
                    .organisation(person.from)
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
            },
            &super::outreach::referral_event(&self.setting.meetings, index, referred_on),
        )
        .await?;
        let episode = registered.episode_id;
        if let Stage::Declined(_) = person.stage {
            return persons::decline(app, actor, episode).await;
        }
        self.joined[index] = Some((registered.person_id, episode));
        let Some(intake_days) = person.stage.intake() else {
            return Ok(());
        };
        let intake = self.day(intake_days);
        self.consent(index, "participation", None, intake).await?;
        self.income(index, intake).await?;
        if !person.stage.started() {
            return Ok(());
        }
        let partner = self.organisation(person.from).filter(|_| index % 4 != 3);
        if partner.is_some() {
            self.consent(index, "information-exchange", partner, intake)
                .await?;
        }
        if index % 5 != 4 {
            self.consent(index, "follow-up", None, intake).await?;
        }
        if index % 6 != 5 {
            self.consent(index, "questionnaires", None, intake).await?;
        }
        let (occupation, percent) = match person.from {
            Referrer::Fk => ("sjukskriven", "100"),
            Referrer::Region => ("rehabilitering", "50"),
            Referrer::Af => ("arbetssokande", "100"),
            Referrer::Kommun | Referrer::Own => ("ingen", "0"),
        };
        persons::record_baseline(
            app,
            actor,
            episode,
            &SnapshotInput {
                education: EDUCATION[index % EDUCATION.len()].into(),
                occupation: occupation.into(),
                occupation_percent: percent.into(),
                time_outside: DURATIONS[index % DURATIONS.len()].into(),
                time_on_support: DURATIONS[(index + 3) % DURATIONS.len()].into(),
            },
        )
        .await?;
        self.plan(index, intake).await?;
        for (_, text) in NOTES.iter().filter(|(i, _)| *i == index) {
            persons::add_note(app, actor, episode, text).await?;
        }
        Ok(())
    }

    async fn consent(
        &self,
        index: usize,
        scope: &str,
        partner: Option<i64>,
        given_on: Date,
    ) -> Result<()> {
        let (_, episode) = self.ids(index)?;
        persons::record_consent(
            self.app,
            self.actor,
            episode,
            &ConsentInput {
                scope: scope.into(),
                partner_organisation_id: partner.map(|id| id.to_string()).unwrap_or_default(),
                given_on: format_date(given_on),
                form: if index % 3 == 0 { "digital" } else { "paper" }.into(),
                informed: true,
            },
        )
        .await?;
        Ok(())
    }

    /// Goals, steps (the first ones done for people still active), a start meeting after
    /// intake and, for some, an upcoming appointment.
    async fn plan(&self, index: usize, intake: Date) -> Result<()> {
        let (app, actor) = (self.app, self.actor);
        let (_, episode) = self.ids(index)?;
        let still_active = matches!(PEOPLE[index].stage, Stage::Active(_));
        let goals = if index % 2 == 0 { 2 } else { 1 };
        for (title, steps) in GOALS.iter().cycle().skip(index % GOALS.len()).take(goals) {
            let goal = persons::add_goal(app, actor, episode, title).await?;
            for (number, (description, owner)) in (1..).zip(steps.iter()) {
                let step = persons::add_step(
                    app,
                    actor,
                    goal,
                    &StepInput {
                        description: (*description).into(),
                        owner: (*owner).into(),
                        due_on: format_date(intake.saturating_add(Duration::days(30 * number))),
                    },
                )
                .await?;
                if still_active && (number == 1 || (number == 2 && index % 4 == 0)) {
                    persons::set_step_done(app, actor, step, true).await?;
                }
            }
        }
        let mut appointments = vec![(intake.saturating_add(Duration::days(7)), "Uppstartssamtal")];
        if still_active && index % 2 == 0 {
            let days = i64::try_from(3 + index % 17).unwrap_or(3);
            appointments.push((self.day(-days), "Samtal om planen"));
        }
        for (date, title) in appointments {
            persons::add_appointment(
                app,
                actor,
                episode,
                &AppointmentInput {
                    date: format_date(date),
                    time: if index % 2 == 0 { "10:00" } else { "13:30" }.into(),
                    title: title.into(),
                    place: "Projektkontoret, Västervik".into(),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// The income timeline: the year before intake, the time in the programme, and for those
    /// who left, what they lived on afterwards, up to this month.
    async fn income(&self, index: usize, intake: Date) -> Result<()> {
        let person = &PEOPLE[index];
        let born_after_1995 =
            person.unnumbered.is_none() && test_number(index, person.sex)?.0.year() > 1995;
        let before = match person.from {
            Referrer::Fk => ("sjukpenning", "100"),
            Referrer::Af if index % 2 == 0 => ("a-kassa", "100"),
            Referrer::Af => ("aktivitetsstod", "100"),
            Referrer::Region if born_after_1995 => ("aktivitetsersattning", "100"),
            Referrer::Region => ("sjukersattning", "50"),
            Referrer::Kommun | Referrer::Own => ("forsorjningsstod", "100"),
        };
        let during = match person.from {
            Referrer::Fk => ("sjukpenning", "50"),
            Referrer::Af => ("aktivitetsstod", "100"),
            Referrer::Region | Referrer::Kommun | Referrer::Own => before,
        };
        let this_month = month(self.today, 0);
        let (end, after) = match person.stage {
            Stage::Exited { exit, reason, .. } => (self.day(exit), after_exit(index, reason)),
            _ => (self.today, None),
        };
        let mut ranges = vec![
            (month(intake, -12), month(intake, -1), before),
            (month(intake, 0), month(end, 0), during),
        ];
        if let Some(after) = after
            && month_index(end) < month_index(self.today)
        {
            ranges.push((month(end, 1), this_month, after));
        }
        let (person_id, _) = self.ids(index)?;
        for (from, to, (source, share)) in ranges {
            persons::set_income(
                self.app,
                self.actor,
                person_id,
                &IncomeRangeInput {
                    from,
                    to,
                    source: source.into(),
                    share_percent: share.into(),
                    amount: String::new(),
                },
            )
            .await?;
        }
        Ok(())
    }

    async fn activity(&self, index: usize) -> Result<()> {
        let (kind, title, days, hours) = ACTIVITIES[index];
        let (app, actor) = (self.app, self.actor);
        let id = activities::create(
            app,
            actor,
            self.setting.programme,
            &ActivityInput {
                kind: kind.into(),
                title: title.into(),
                held_on: format_date(self.day(days)),
                hours: hours.into(),
                provider_organisation_id: String::new(),
                is_group: true,
            },
        )
        .await?;
        if days < 0 {
            return Ok(());
        }
        let portal_episode = self.joined[PORTAL_PERSON].map(|(_, episode)| episode);
        let (_, _, register) = activities::register(app, actor, id).await?;
        let offset = i64::try_from(index).unwrap_or(0);
        let present: Vec<i64> = register
            .iter()
            .map(|line| line.episode_id)
            .filter(|episode| (episode + offset) % 4 != 0 || Some(*episode) == portal_episode)
            .collect();
        activities::record_attendance(app, actor, id, &present).await?;
        Ok(())
    }

    async fn exit(&self, index: usize) -> Result<()> {
        let Stage::Exited { exit, reason, .. } = PEOPLE[index].stage else {
            return Ok(());
        };
        let (_, episode) = self.ids(index)?;
        let snapshot = match outcome(index, reason) {
            Some((occupation, percent)) => SnapshotInput {
                education: EDUCATION[index % EDUCATION.len()].into(),
                occupation: occupation.into(),
                occupation_percent: percent.into(),
                ..SnapshotInput::default()
            },
            None => SnapshotInput::default(),
        };
        persons::exit(
            self.app,
            self.actor,
            episode,
            &ExitInput {
                exit_on: format_date(self.day(exit)),
                reason: reason.code().into(),
                snapshot,
            },
        )
        .await
    }

    /// The questionnaire schedule, and the answers of everyone who consented to questionnaires
    /// (all but one in six): at start, at exit and at follow-ups due a month or more ago for
    /// two in three. Ongoing questionnaires are left due, for the due lists and the portal.
    async fn answers(&self) -> Result<()> {
        super::answers::schedule(self.app, self.actor, self.setting.programme).await?;
        let answered_by = self.day(30);
        let mut respondents = Vec::new();
        for (index, person) in PEOPLE.iter().enumerate() {
            if !person.stage.started() || index % 6 == 5 {
                continue;
            }
            let Some(intake) = person.stage.intake().map(|days| self.day(days)) else {
                continue;
            };
            let (person_id, episode_id) = self.ids(index)?;
            let exit = match person.stage {
                Stage::Exited { exit, reason, .. } if reason.counts_in_statistics() => {
                    Some(self.day(exit))
                }
                Stage::Exited { .. } => continue,
                _ => None,
            };
            let mut follow_ups = Vec::new();
            if exit.is_some() && index % 3 != 0 {
                let detail = persons::get(self.app, self.actor, person_id).await?;
                follow_ups = detail
                    .episodes
                    .iter()
                    .flat_map(|e| e.follow_ups.iter())
                    .filter(|f| f.due_on <= answered_by)
                    .map(|f| (f.months_after, f.due_on.saturating_add(Duration::days(3))))
                    .collect();
            }
            respondents.push(super::answers::Respondent {
                index,
                episode_id,
                intake,
                exit,
                follow_ups,
            });
        }
        super::answers::load(self.app, self.actor, &respondents).await
    }

    /// Records the follow-ups of two in three people that fell due more than two months ago,
    /// leaving the rest due, as they would be in a programme that is a little behind.
    async fn record_follow_ups(&self) -> Result<()> {
        let overdue = self.day(60);
        for (index, person) in PEOPLE.iter().enumerate() {
            let Stage::Exited { reason, .. } = person.stage else {
                continue;
            };
            if index % 3 == 0 {
                continue;
            }
            let (person_id, _) = self.ids(index)?;
            let detail = persons::get(self.app, self.actor, person_id).await?;
            let follow_ups = detail.episodes.iter().flat_map(|e| e.follow_ups.iter());
            for follow_up in follow_ups.filter(|f| f.done_on.is_none() && f.due_on <= overdue) {
                let reached = index % 4 != 1;
                let (occupation, percent) = outcome(index, reason).unwrap_or_default();
                persons::record_follow_up(
                    self.app,
                    self.actor,
                    follow_up.id,
                    &FollowUpInput {
                        done_on: format_date(follow_up.due_on.saturating_add(Duration::days(5))),
                        reached: reached && !occupation.is_empty(),
                        occupation: occupation.into(),
                        occupation_percent: percent.into(),
                    },
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// Occupation and percent of full time at exit, or `None` when the person could not be asked.
fn outcome(index: usize, reason: ExitReason) -> Option<(&'static str, &'static str)> {
    match reason {
        ExitReason::Completed if index % 2 == 0 => Some(("arbete-med-stod", "100")),
        ExitReason::Completed => Some(("arbete", "75")),
        ExitReason::OwnChoice => Some(("arbetssokande", "100")),
        ExitReason::Illness => Some(("sjukskriven", "100")),
        ExitReason::Other => Some(("arbetssokande", "50")),
        ExitReason::Moved | ExitReason::ConsentWithdrawn | ExitReason::RegisteredInError => None,
    }
}

/// The main income after exit, when it is known.
fn after_exit(index: usize, reason: ExitReason) -> Option<(&'static str, &'static str)> {
    match reason {
        ExitReason::Completed if index % 2 == 0 => Some(("lon-med-stod", "100")),
        ExitReason::Completed => Some(("lon", "75")),
        ExitReason::OwnChoice => Some(("forsorjningsstod", "100")),
        ExitReason::Illness => Some(("sjukpenning", "100")),
        ExitReason::Other => Some(("a-kassa", "100")),
        ExitReason::Moved | ExitReason::ConsentWithdrawn | ExitReason::RegisteredInError => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stegvis_domain::personnummer::Personnummer;

    #[test]
    fn every_test_number_is_valid_in_the_test_series_and_unique() {
        let today = Date::from_calendar_date(2026, Month::December, 7).unwrap();
        let mut seen = Vec::new();
        for (index, person) in PEOPLE.iter().enumerate() {
            if person.unnumbered.is_some() {
                continue;
            }
            let (birth, text) = test_number(index, person.sex).unwrap();
            let number = Personnummer::parse(&text, today).unwrap();
            let serial: u16 = number.canonical()[8..11].parse().unwrap();
            assert!(serial >= 980, "{text}");
            assert_eq!(number.sex(), person.sex, "{text}");
            assert_eq!(number.birth_date(), birth);
            assert!((1960..=2003).contains(&birth.year()), "{text}");
            assert!(!seen.contains(&text), "{text} twice");
            seen.push(text);
        }
        assert!(seen.len() >= 40);
    }

    #[test]
    fn the_portal_person_is_active_and_has_an_upcoming_appointment() {
        assert!(matches!(PEOPLE[PORTAL_PERSON].stage, Stage::Active(_)));
        assert_eq!(
            PORTAL_PERSON % 2,
            0,
            "even places get an upcoming appointment"
        );
    }

    #[test]
    fn months_are_counted_across_years() {
        let date = Date::from_calendar_date(2026, Month::February, 10).unwrap();
        assert_eq!(month(date, -2), "2025-12");
        assert_eq!(month(date, 11), "2027-01");
        assert_eq!(month(date, 0), "2026-02");
    }
}
