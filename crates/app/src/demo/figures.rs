//! The demo enterprises' staff from the programme and three years of their figures.
//!
//! The café grows and qualifies for reserved contracts; Returverket dips one year and, with
//! three of twelve employees from the target group (25 %), does not qualify: the demo shows
//! both outcomes. Every amount is invented.

use super::people::Loaded;
use crate::{Actor, App, Result, enterprise_figures};
use stegvis_domain::enterprise_figures::{MembershipInput, YearFiguresInput};
use stegvis_domain::timestamp::format_date;
use time::{Date, Duration};

/// (given name, family name, which enterprise (0 café, 1 Returverket), form, job, hours a
/// week, started days ago, ended days ago).
type Staff = (
    &'static str,
    &'static str,
    usize,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
);

const STAFF: [Staff; 9] = [
    ("Ingrid", "Palm", 0, "wage-subsidy", "Kock", "40", 120, None),
    (
        "Malin",
        "Strand",
        0,
        "employed",
        "Servering",
        "30",
        200,
        None,
    ),
    ("Johan", "Ekdahl", 0, "work-training", "Kök", "20", 90, None),
    (
        "Hassan",
        "Jama",
        1,
        "nystartsjobb",
        "Möbelrenovering",
        "40",
        150,
        None,
    ),
    (
        "Peter",
        "Nordin",
        1,
        "employed",
        "Chaufför",
        "37,5",
        290,
        None,
    ),
    (
        "Sofia",
        "Engström",
        0,
        "employed",
        "Catering",
        "30",
        420,
        None,
    ),
    (
        "Roger",
        "Lindberg",
        1,
        "wage-subsidy",
        "Lager",
        "40",
        50,
        None,
    ),
    (
        "Mats",
        "Holmgren",
        1,
        "work-training",
        "Butik",
        "16",
        40,
        None,
    ),
    (
        "Dariusz",
        "Nowak",
        1,
        "placement",
        "Verkstad",
        "",
        60,
        Some(20),
    ),
];

/// (turnover, result, wage costs, public revenue, reinvested, employees, target group, annual
/// work units) for the three years before this one, oldest first.
type Year = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CAFE: [Year; 3] = [
    (
        "1 450 000",
        "-20 000",
        "980 000",
        "310 000",
        "0",
        "6",
        "3",
        "4,5",
    ),
    (
        "1 720 000",
        "45 000",
        "1 120 000",
        "420 000",
        "40 000",
        "7",
        "3",
        "5,5",
    ),
    (
        "2 050 000",
        "80 000",
        "1 310 000",
        "610 000",
        "75 000",
        "9",
        "4",
        "7",
    ),
];

const RETURVERKET: [Year; 3] = [
    (
        "2 300 000",
        "60 000",
        "1 540 000",
        "520 000",
        "60 000",
        "10",
        "2",
        "8",
    ),
    (
        "2 150 000",
        "-35 000",
        "1 500 000",
        "480 000",
        "0",
        "9",
        "3",
        "7,5",
    ),
    (
        "2 600 000",
        "95 000",
        "1 760 000",
        "700 000",
        "90 000",
        "12",
        "3",
        "10",
    ),
];

pub(super) async fn load(
    app: &App,
    actor: &Actor,
    people: &Loaded,
    cafe: i64,
    returverket: i64,
) -> Result<()> {
    let today = app.today();
    let day = |days_ago: i64| format_date(today.saturating_sub(Duration::days(days_ago)));
    let enterprises = [cafe, returverket];
    for (given, family, which, form, role, hours, started, ended) in STAFF {
        let enterprise = enterprises[which];
        enterprise_figures::add_membership(
            app,
            actor,
            enterprise,
            &MembershipInput {
                person_id: people.by_name(given, family)?.to_string(),
                form: form.into(),
                role_title: role.into(),
                hours_per_week: hours.into(),
                starts_on: day(started),
                ends_on: ended.map(day).unwrap_or_default(),
            },
        )
        .await?;
    }
    for (enterprise, years) in [(cafe, CAFE), (returverket, RETURVERKET)] {
        for (back, figures) in (1..=3).rev().zip(years) {
            let year = today.year() - back;
            let (turnover, result, wages, public, reinvested, employees, target, units) = figures;
            let counted_on = Date::from_calendar_date(year, time::Month::December, 31)
                .map(format_date)
                .unwrap_or_default();
            enterprise_figures::save(
                app,
                actor,
                enterprise,
                &YearFiguresInput {
                    year: year.to_string(),
                    turnover: turnover.into(),
                    result: result.into(),
                    wage_costs: wages.into(),
                    public_revenue: public.into(),
                    reinvested_surplus: reinvested.into(),
                    counted_on,
                    employees: employees.into(),
                    target_group: target.into(),
                    work_units: units.into(),
                },
            )
            .await?;
        }
    }
    Ok(())
}
