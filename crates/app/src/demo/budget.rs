//! The demo's contributions against the budget (decision 0027): the financing plan with the
//! Finsam split, an hourly cost per partner and year, every month's contributions of all four
//! partners from the programme's start to this month, and the partners' roles. Invented,
//! deterministic figures: the same clock gives the same demo.

use crate::{Actor, App, Result, budget, programmes};
use stegvis_domain::contribution::{ContributionInput, RateInput};
use stegvis_domain::income::YearMonth;
use stegvis_domain::partner_role::PartnerRoleInput;
use stegvis_domain::programme::BudgetInput;

/// One partner's demo pattern: organisation, hourly cost in the first year (kronor), monthly
/// hours per kind of work, money and in kind per month (kronor) with its description.
struct Pattern {
    organisation: i64,
    hourly: i64,
    hours: [u32; 5],
    money: i64,
    in_kind: (i64, &'static str),
}

/// The financing plan per year: the samordningsförbund's 800 000 kr split as Finsam finances
/// it (Försäkringskassan ½, the region ¼, the municipality ¼), the municipality's own
/// 250 000 kr on top, and Arbetsförmedlingen's staff time valued at 100 000 kr.
fn plan(kommun: i64, fk: i64, af: i64, region: i64) -> [(i64, &'static str); 4] {
    [
        (fk, "400 000"),
        (region, "200 000"),
        (kommun, "450 000"),
        (af, "100 000"),
    ]
}

/// `[fk, af, region]` as the demo passes its partners.
pub(super) async fn load(
    app: &App,
    actor: &Actor,
    programme: i64,
    kommun: i64,
    [fk, af, region]: [i64; 3],
) -> Result<()> {
    let today = app.today();
    let first_year = today.year() - 4;
    for year in first_year..=today.year() + 1 {
        for (organisation, amount) in plan(kommun, fk, af, region) {
            programmes::set_budget(
                app,
                actor,
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
    let patterns = [
        Pattern {
            organisation: kommun,
            hourly: 420,
            hours: [40, 30, 8, 2, 6],
            money: 0,
            in_kind: (2_500, "Lokal i Västervik för träffar och kurser"),
        },
        Pattern {
            organisation: fk,
            hourly: 480,
            hours: [10, 40, 4, 2, 2],
            money: 5_000,
            in_kind: (0, ""),
        },
        Pattern {
            organisation: region,
            hourly: 520,
            hours: [4, 20, 0, 2, 2],
            money: 2_000,
            in_kind: (0, ""),
        },
        Pattern {
            organisation: af,
            hourly: 460,
            hours: [0, 12, 4, 2, 0],
            money: 0,
            in_kind: (0, ""),
        },
    ];
    for p in &patterns {
        for (k, year) in (first_year..=today.year() + 1).enumerate() {
            let step = i64::try_from(k).unwrap_or(0) * 15;
            budget::set_rate(
                app,
                actor,
                programme,
                &RateInput {
                    organisation_id: p.organisation.to_string(),
                    year: year.to_string(),
                    hourly: (p.hourly + step).to_string(),
                },
            )
            .await?;
        }
    }
    let (Ok(mut month), Some(last)) = (YearMonth::new(first_year, 1), YearMonth::of(today)) else {
        return Ok(());
    };
    let mut index = 0u32;
    while month <= last {
        for p in &patterns {
            // Half the hours in July, and a little more or less from month to month.
            let hours = p.hours.map(|h| {
                let h = if month.month() == 7 { h / 2 } else { h };
                match (index + p.hours[1]) % 3 {
                    0 if h > 0 => h - 1,
                    2 if h > 0 => h + 1,
                    _ => h,
                }
                .to_string()
            });
            budget::record(
                app,
                actor,
                programme,
                &ContributionInput {
                    organisation_id: p.organisation.to_string(),
                    month: month.to_string(),
                    hours,
                    money: p.money.to_string(),
                    in_kind: p.in_kind.0.to_string(),
                    in_kind_description: p.in_kind.1.into(),
                },
            )
            .await?;
        }
        index += 1;
        let Some(next) = month.next() else { break };
        month = next;
    }
    for (organisation, contributes, contact) in [
        (
            fk,
            "En samverkanshandläggare två dagar i veckan, pengar till studiebesök",
            (
                "Karin Exempelsson",
                "Samverkanshandläggare",
                "karin.exempelsson@example.se",
            ),
        ),
        (
            af,
            "Arbetsförmedlare för deltagarnas planering och kontakter med arbetsgivare",
            (
                "Ali Demosson",
                "Arbetsförmedlare",
                "ali.demosson@example.se",
            ),
        ),
        (
            region,
            "Arbetsterapeut och rehabiliteringskoordinator från vårdcentralen",
            (
                "Maja Påhittad",
                "Rehabiliteringskoordinator",
                "maja.pahittad@example.se",
            ),
        ),
    ] {
        budget::set_partner(
            app,
            actor,
            programme,
            organisation,
            &PartnerRoleInput {
                contributes: contributes.into(),
                contact_name: contact.0.into(),
                contact_role: contact.1.into(),
                contact_email: contact.2.into(),
            },
            &[],
        )
        .await?;
    }
    Ok(())
}
