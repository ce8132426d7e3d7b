//! The socio-economic account over real HTTP: the hand-worked example of `docs/methods.md`
//! ("Socio-economic account") recomputed by hand, on both engines, and the pages, parameters
//! and scenarios around it.

use reqwest::{Method, StatusCode};
use std::collections::BTreeMap;
use stegvis_app::Actor;
use stegvis_domain::programme::{BudgetInput, ProgrammeInput};
use stegvis_domain::socioeconomics::{ParameterInput, ParameterKey, default_parameters};
use stegvis_domain::timestamp::Timestamp;
use stegvis_testkit::{Client, TestApp, on_both_engines};

/// (name, months before on försörjningsstöd, months after on försörjningsstöd, months after
/// in a wage) of the example's five participants, all at 100 %.
const PEOPLE: [(&str, u32, u32, u32); 5] = [
    ("A", 12, 0, 12),
    ("B", 12, 0, 12),
    ("C", 12, 12, 0),
    ("D", 12, 0, 0),
    ("E", 0, 0, 0),
];

fn month(index: u32, first: (i32, u32)) -> String {
    let i = first.0 * 12 + i32::try_from(first.1 - 1 + index).unwrap();
    format!("{:04}-{:02}", i / 12, i % 12 + 1)
}

/// The example's programme with its budget and participants, run by `operator`, with the
/// round-number parameters of the method's example saved for 2025; returns its id.
async fn example(app: &TestApp, operator: i64, fk: i64) -> i64 {
    let system = Actor::system("test");
    let programme = stegvis_app::programmes::create(
        &app.app,
        &system,
        &ProgrammeInput {
            name: "Exempelprogrammet".into(),
            operator_id: operator.to_string(),
            starts_on: "2023-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    for (organisation, amount) in [(operator, "200 000"), (fk, "100 000")] {
        stegvis_app::programmes::set_budget(
            &app.app,
            &system,
            programme,
            &BudgetInput {
                organisation_id: organisation.to_string(),
                year: "2024".into(),
                amount: amount.into(),
            },
        )
        .await
        .unwrap();
    }
    for (name, before, after_support, after_wage) in PEOPLE {
        app.sql(&format!(
            "INSERT INTO persons (operator_id, birth_year, sex, given_name, interpreter_needed, \
             protected_identity, created_at, updated_at) \
             VALUES ({operator}, 1980, 'female', '{name}', FALSE, FALSE, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')"
        ))
        .await;
        app.sql(&format!(
            "INSERT INTO episodes (person_id, programme_id, status, referred_on, intake_on, exit_on, \
             exit_reason, created_at, updated_at) \
             VALUES ((SELECT id FROM persons WHERE given_name = '{name}'), {programme}, 'exited', \
             '2024-01-15', '2024-01-15', '2024-12-15', 'completed', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')"
        ))
        .await;
        let rows = (0..before)
            .map(|i| (month(i, (2023, 1)), "forsorjningsstod"))
            .chain((0..after_support).map(|i| (month(i, (2025, 1)), "forsorjningsstod")))
            .chain((0..after_wage).map(|i| (month(i, (2025, 1)), "lon")));
        for (month, source) in rows {
            app.sql(&format!(
                "INSERT INTO income_months (person_id, month, source, share_percent) \
                 VALUES ((SELECT id FROM persons WHERE given_name = '{name}'), '{month}', '{source}', 100)"
            ))
            .await;
        }
    }
    let mut set = default_parameters(2025);
    for p in &mut set.parameters {
        let (low, value, high) = match p.key {
            ParameterKey::CostForsorjningsstod => (1_000_000, 1_000_000, 1_000_000),
            ParameterKey::MonthlyWage => (2_000_000, 2_000_000, 2_000_000),
            ParameterKey::MunicipalTax => (2_000, 2_000, 2_000),
            ParameterKey::RegionalTax => (1_000, 1_000, 1_000),
            ParameterKey::EmployerContributions => (3_000, 3_000, 3_000),
            ParameterKey::Deadweight => (0, 2_000, 4_000),
            ParameterKey::Attribution => (0, 1_000, 2_000),
            ParameterKey::DropOff => (0, 1_000, 2_000),
            ParameterKey::DiscountRate => (0, 0, 500),
            _ => continue,
        };
        (p.low, p.value, p.high) = (low, value, high);
    }
    let values: BTreeMap<String, ParameterInput> = set
        .parameters
        .iter()
        .map(|p| (p.key.code().to_string(), ParameterInput::of(p)))
        .collect();
    let actors = set
        .actors
        .iter()
        .map(|a| (a.source.code().to_string(), a.actor.code().to_string()))
        .collect();
    stegvis_app::socioeconomics::save_parameters(
        &app.app, &system, programme, 2025, &values, &actors,
    )
    .await
    .unwrap();
    app.set_clock(Timestamp::parse("2026-03-01T12:00:00Z").unwrap());
    programme
}

/// The editing form's fields for a set, as the page fills them in.
fn parameter_fields(set: &stegvis_domain::socioeconomics::ParameterSet) -> Vec<(String, String)> {
    let mut fields = vec![("year".to_string(), set.year.to_string())];
    for p in &set.parameters {
        let input = ParameterInput::of(p);
        let code = p.key.code();
        fields.extend([
            (format!("value-{code}"), input.value),
            (format!("low-{code}"), input.low),
            (format!("high-{code}"), input.high),
            (format!("source-{code}"), input.source),
            (format!("dated-{code}"), input.dated),
            (format!("note-{code}"), input.note),
        ]);
        if input.checked {
            fields.push((format!("checked-{code}"), "on".into()));
        }
    }
    for a in &set.actors {
        fields.push((format!("actor-{}", a.source.code()), a.actor.code().into()));
    }
    fields
}

fn borrowed(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn actor<'a>(json: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    json["actors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["actor"] == code)
        .unwrap()
}

fn horizon(actor: &serde_json::Value, years: u64) -> &serde_json::Value {
    actor["horizons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["years"] == years)
        .unwrap()
}

on_both_engines!(
    the_hand_worked_example_of_the_method_gives_every_figure_of_the_account,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let token = app.token("samordnare", "coordinator", Some(operator)).await;
        let page = app
            .client()
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{programme}/socioeconomics?parameters=2025&horizon=5"),
                &token,
                None,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let json = page.json();
        assert_eq!(json["followed_up"], 5);
        assert_eq!(json["parameter_version"], 1);
        assert_eq!(json["window_months"], 12);
        let inputs = json["inputs"].as_array().unwrap();
        let fs = inputs
            .iter()
            .find(|i| i["source"] == "forsorjningsstod")
            .unwrap();
        assert_eq!(fs["fte_months_before"], 48.0);
        assert_eq!(fs["fte_months_after"], 12.0);
        let wage = inputs.iter().find(|i| i["source"] == "lon").unwrap();
        assert_eq!(wage["fte_months_after"], 24.0);
        // The yearly change before adjustments.
        let kommun = actor(&json, "kommunen");
        assert_eq!(kommun["investment"], "200000.00");
        assert_eq!(kommun["annual"]["support"], "360000.00");
        assert_eq!(kommun["annual"]["taxes"], "96000.00");
        assert_eq!(kommun["annual"]["total"], "456000.00");
        assert_eq!(actor(&json, "regionen")["annual"]["total"], "48000.00");
        assert_eq!(
            actor(&json, "forsakringskassan")["annual"]["taxes"],
            "144000.00"
        );
        let individ = actor(&json, "individen");
        assert_eq!(individ["annual"]["support"], "-360000.00");
        assert_eq!(individ["annual"]["wages"], "336000.00");
        assert_eq!(individ["annual"]["total"], "-24000.00");
        let society = actor(&json, "samhallet");
        assert_eq!(society["investment"], "300000.00");
        assert_eq!(society["annual"]["production"], "624000.00");
        // Year by year for the municipality: × 0,8 × 0,9, then × 0,9 a year, no discounting.
        let years: Vec<&str> = kommun["years"]
            .as_array()
            .unwrap()
            .iter()
            .take(5)
            .map(|y| y["gain"].as_str().unwrap())
            .collect();
        assert_eq!(
            years,
            [
                "328320.00",
                "295488.00",
                "265939.20",
                "239345.28",
                "215410.75"
            ]
        );
        assert_eq!(horizon(kommun, 1)["net"], "128320.00");
        assert_eq!(horizon(kommun, 5)["gains"], "1344503.23");
        assert_eq!(horizon(kommun, 5)["net"], "1144503.23");
        assert_eq!(horizon(kommun, 10)["gains"], "2138418.96");
        assert_eq!(kommun["payback_years"], 0.6);
        assert_eq!(horizon(actor(&json, "regionen"), 5)["gains"], "141526.66");
        let fk_actor = actor(&json, "forsakringskassan");
        assert_eq!(horizon(fk_actor, 5)["net"], "324579.97");
        assert_eq!(fk_actor["payback_years"], 1.0);
        assert_eq!(horizon(individ, 5)["net"], "-70763.33");
        assert_eq!(horizon(society, 1)["net"], "149280.00");
        assert_eq!(horizon(society, 5)["gains"], "1839846.53");
        assert_eq!(horizon(society, 5)["net"], "1539846.53");
        assert!((horizon(society, 1)["ratio"].as_f64().unwrap() - 1.4976).abs() < 1e-9);
        assert_eq!(society["payback_years"], 0.7);
        // The range at five years: every assumption at its pessimistic or optimistic end.
        assert_eq!(society["net_low"], "590477.91");
        assert_eq!(society["net_base"], "1539846.53");
        assert_eq!(society["net_high"], "2820000.00");
        assert_eq!(kommun["net_low"], "450733.87");
        assert_eq!(kommun["net_high"], "2080000.00");
        assert_eq!(json["drivers"][0]["parameter"], "deadweight");
    }
);

on_both_engines!(
    the_account_page_shows_each_actor_with_a_chart_and_its_table_and_the_sources,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let page = client
            .get(&format!(
                "/program/{programme}/socioekonomi?parametrar=2025&horisont=5"
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for text in [
            "Samhället som helhet",
            "Staten via Försäkringskassan",
            "1\u{a0}144\u{a0}503\u{a0}kr",
            "chart-socio-kommunen",
            "Arbetsgivaravgifter",
            "version 1",
        ] {
            assert!(page.body.contains(text), "{text}");
        }
        let xlsx = client
            .get(&format!(
                "/program/{programme}/socioekonomi.xlsx?parametrar=2025"
            ))
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.header("content-type").contains("spreadsheetml"));
        let bad = client
            .get(&format!("/program/{programme}/socioekonomi?horisont=3"))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }
);

on_both_engines!(
    changing_one_parameter_changes_the_results_as_the_method_says,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let form = client
            .get(&format!(
                "/program/{programme}/socioekonomi/parametrar?ar=2025"
            ))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        let stored = stegvis_app::socioeconomics::parameters(
            &app.app,
            &Actor::system("test"),
            programme,
            2025,
        )
        .await
        .unwrap()
        .1;
        let mut fields = parameter_fields(&stored.set);
        // Deadweight 20 % → 0 %: the municipality's year-1 gain becomes 456 000 × 0,9.
        for (name, value) in &mut fields {
            if name == "value-deadweight" {
                *value = "0".into();
            }
        }
        let saved = client
            .post_form(
                &format!("/program/{programme}/socioekonomi/parametrar"),
                &borrowed(&fields),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let token = app.token("api", "coordinator", Some(operator)).await;
        let json = app
            .client()
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{programme}/socioeconomics?parameters=2025&horizon=1"),
                &token,
                None,
            )
            .await
            .json();
        assert_eq!(json["parameter_version"], 2);
        assert_eq!(actor(&json, "kommunen")["years"][0]["gain"], "410400.00");
        // A value out of its range is refused with the form kept.
        for (name, value) in &mut fields {
            if name == "value-deadweight" {
                *value = "80".into();
            }
        }
        let refused = client
            .post_form(
                &format!("/program/{programme}/socioekonomi/parametrar"),
                &borrowed(&fields),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("value=\"80\""));
    }
);

on_both_engines!(
    a_scenario_for_an_application_is_made_from_a_typical_case_and_shows_the_account,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let form = client
            .get(&format!("/program/{programme}/scenarier/ny"))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert!(form.body.contains("50 % jobb i socialt företag"));
        let saved = client
            .post_form(
                &format!("/program/{programme}/scenarier/ny"),
                &[
                    ("name", "Ansökan 2027"),
                    ("parameter_year", "2025"),
                    ("investment-kommunen", "500 000"),
                    (
                        "case-1-name",
                        "100 % försörjningsstöd i 2 år → 50 % jobb efter 12 månader",
                    ),
                    ("case-1-participants", "10"),
                    ("case-1-source", "forsorjningsstod"),
                    ("case-1-share_before", "100"),
                    ("case-1-share_after", "0"),
                    ("case-1-job_share", "50"),
                    ("case-1-months_to_outcome", "12"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let shown = client.get(saved.header("location")).await;
        assert_eq!(shown.status, StatusCode::OK);
        // 10 people from 100 % försörjningsstöd to a 50 % job after 12 months: nothing in
        // year 1, then 10 × 12 × (10 000 + 10 000 × 20 %) × 0,72 = 1 036 800 kr for the
        // municipality in year 2.
        assert!(shown.body.contains("Ansökan 2027"));
        assert!(
            shown.body.contains("1\u{a0}036\u{a0}800\u{a0}kr"),
            "{}",
            shown.body
        );
        let list = client.get(&format!("/program/{programme}/scenarier")).await;
        assert!(list.body.contains("Ansökan 2027"));
    }
);

on_both_engines!(
    the_demo_programme_has_an_account_with_gains_and_a_scenario_for_an_application,
    |app| {
        stegvis_app::demo::load(&app.app).await.unwrap();
        let actor = Actor::system("test");
        let programme = stegvis_app::programmes::list(&app.app, &actor)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Sociala företag i Västervik")
            .unwrap();
        let query =
            stegvis_app::socioeconomics::AccountQuery::parse("", "5", "", app.today()).unwrap();
        let result =
            stegvis_app::socioeconomics::programme_account(&app.app, &actor, programme.id, query)
                .await
                .unwrap();
        assert!(result.followed >= 5, "{}", result.followed);
        let account = result.account.unwrap();
        let society = &account.actors[6];
        assert!(society.investment.ore() > 0);
        assert!(society.annual.total().ore() > 0, "{:?}", society.annual);
        eprintln!(
            "demo account: {} followed up; society invested {}, yearly change {}, net 5 years {}",
            result.followed,
            society.investment.format_sv(),
            society.annual.total().format_sv(),
            society.at(5).unwrap().net.format_sv()
        );
        let municipality = &account.actors[0];
        assert!(
            municipality.annual.support.ore() > 0,
            "{:?}",
            municipality.annual
        );
        let (_, scenarios) = stegvis_app::socioeconomics::scenarios(&app.app, &actor, programme.id)
            .await
            .unwrap();
        assert_eq!(scenarios.len(), 1);
        assert_eq!(scenarios[0].body.cases.len(), 2);
    }
);

on_both_engines!(
    the_account_is_withheld_from_the_steering_group_while_fewer_than_five_are_followed_up,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let steering = app.token("styrgrupp", "steering", Some(operator)).await;
        let coordinator = app.token("samordnare", "coordinator", Some(operator)).await;
        let path =
            format!("/api/v1/programmes/{programme}/socioeconomics?parameters=2025&horizon=5");
        let client = app.client();
        let page = client.api(Method::GET, &path, &steering, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let json = page.json();
        assert_eq!(json["followed_up"], 5);
        assert_eq!(json["suppressed"], false, "five followed up may be shown");
        assert!(!json["actors"].as_array().unwrap().is_empty());

        // One period registered in error: four people remain, whose account would tell
        // about each of them.
        app.sql(
            "UPDATE episodes SET exit_reason = 'registered-in-error' \
             WHERE person_id = (SELECT id FROM persons WHERE given_name = 'E')",
        )
        .await;
        let json = client.api(Method::GET, &path, &steering, None).await.json();
        assert_eq!(json["suppressed"], true, "{json}");
        assert!(json["actors"].as_array().unwrap().is_empty(), "{json}");
        assert!(json["inputs"].as_array().unwrap().is_empty(), "{json}");
        let json = client
            .api(Method::GET, &path, &coordinator, None)
            .await
            .json();
        assert_eq!(
            json["suppressed"], false,
            "those who run the programme see every figure"
        );
        assert_eq!(json["followed_up"], 4);
    }
);

/// A file as the browser downloads it: status, content type and the bytes.
pub(crate) async fn download(client: &Client, path: &str) -> (StatusCode, String, Vec<u8>) {
    let response = client.request(Method::GET, path).send().await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, kind, response.bytes().await.unwrap().to_vec())
}

/// The streams of a PDF, inflated where they are compressed.
fn pdf_streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    use std::io::Read;
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)
            .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
            .map(|at| at + from)
    };
    let mut streams = Vec::new();
    let mut at = 0;
    while let Some(start) = find(pdf, b"stream", at) {
        let is_end = start >= 3 && &pdf[start - 3..start] == b"end";
        at = start + 6;
        if is_end {
            continue;
        }
        let mut begin = at;
        if pdf.get(begin) == Some(&b'\r') {
            begin += 1;
        }
        if pdf.get(begin) == Some(&b'\n') {
            begin += 1;
        }
        let Some(end) = find(pdf, b"endstream", begin) else {
            break;
        };
        let raw = &pdf[begin..end];
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(raw)
            .read_to_end(&mut inflated)
            .is_ok()
        {
            streams.push(inflated);
        } else {
            streams.push(raw.to_vec());
        }
        at = end + 9;
    }
    streams
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("0"), 16).unwrap_or(0))
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// One font's ToUnicode map: glyph code → text.
fn cmap(text: &str) -> BTreeMap<u16, String> {
    let mut map = BTreeMap::new();
    let hexes = |line: &str| -> Vec<String> {
        line.split('<')
            .skip(1)
            .filter_map(|part| part.split_once('>').map(|(h, _)| h.to_string()))
            .collect()
    };
    let code = |hex: &str| {
        let b = hex_bytes(hex);
        b.iter().fold(0u16, |acc, x| (acc << 8) | u16::from(*x))
    };
    let mut mode = "";
    for line in text.lines() {
        if line.contains("beginbfchar") {
            mode = "char";
        } else if line.contains("beginbfrange") {
            mode = "range";
        } else if line.contains("endbfchar") || line.contains("endbfrange") {
            mode = "";
        } else if mode == "char" {
            if let [src, dst] = hexes(line).as_slice() {
                map.insert(code(src), utf16(&hex_bytes(dst)));
            }
        } else if mode == "range" {
            let parts = hexes(line);
            if parts.len() >= 3 {
                let (lo, hi) = (code(&parts[0]), code(&parts[1]));
                if line.contains('[') {
                    for (offset, dst) in parts[2..].iter().enumerate() {
                        map.insert(lo + offset as u16, utf16(&hex_bytes(dst)));
                    }
                } else {
                    let first = hex_bytes(&parts[2]);
                    let base = utf16(&first);
                    for (offset, c) in (lo..=hi).enumerate() {
                        let mut chars: Vec<char> = base.chars().collect();
                        if let Some(last) = chars.last_mut() {
                            *last = char::from_u32(*last as u32 + offset as u32).unwrap_or(*last);
                        }
                        map.insert(c, chars.into_iter().collect());
                    }
                }
            }
        }
    }
    map
}

/// The strings shown by a content stream, as the bytes of its codes.
fn shown_strings(content: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'<' if content.get(i + 1) != Some(&b'<') => {
                let end = content[i..]
                    .iter()
                    .position(|b| *b == b'>')
                    .map_or(content.len(), |p| p + i);
                out.push(hex_bytes(&String::from_utf8_lossy(&content[i + 1..end])));
                i = end + 1;
            }
            b'(' => {
                let mut bytes = Vec::new();
                let mut depth = 1;
                i += 1;
                while i < content.len() && depth > 0 {
                    match content[i] {
                        b'\\' => {
                            i += 1;
                            match content.get(i) {
                                Some(b'n') => bytes.push(b'\n'),
                                Some(b'r') => bytes.push(b'\r'),
                                Some(b't') => bytes.push(b'\t'),
                                Some(b'b') => bytes.push(8),
                                Some(b'f') => bytes.push(12),
                                Some(d) if d.is_ascii_digit() => {
                                    let digits: String = content[i..]
                                        .iter()
                                        .take(3)
                                        .take_while(|c| (b'0'..=b'7').contains(c))
                                        .map(|c| char::from(*c))
                                        .collect();
                                    i += digits.len() - 1;
                                    bytes.push(u8::from_str_radix(&digits, 8).unwrap_or(0));
                                }
                                Some(other) => bytes.push(*other),
                                None => {}
                            }
                        }
                        b'(' => {
                            depth += 1;
                            bytes.push(b'(');
                        }
                        b')' => {
                            depth -= 1;
                            if depth > 0 {
                                bytes.push(b')');
                            }
                        }
                        other => bytes.push(other),
                    }
                    i += 1;
                }
                out.push(bytes);
            }
            _ => i += 1,
        }
    }
    out
}

/// The text of a PDF, without white space, decoded once with each font's ToUnicode map (the
/// fonts' codes overlap, so a phrase is found in the decoding of the font it is set in).
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let streams = pdf_streams(pdf);
    let maps: Vec<BTreeMap<u16, String>> = streams
        .iter()
        .map(|s| String::from_utf8_lossy(s).to_string())
        .filter(|s| s.contains("begincmap"))
        .map(|s| cmap(&s))
        .collect();
    let contents: Vec<Vec<Vec<u8>>> = streams
        .iter()
        .filter(|s| !String::from_utf8_lossy(s).contains("begincmap"))
        .map(|s| shown_strings(s))
        .collect();
    let mut text = String::new();
    for map in &maps {
        for strings in &contents {
            for bytes in strings {
                for pair in bytes.chunks(2) {
                    let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                    if let Some(s) = map.get(&code) {
                        text.push_str(s);
                    }
                }
            }
        }
        text.push('|');
    }
    compact(&text)
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The files of a zip archive (an XLSX), by name, as text.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    use std::io::Read;
    let u16_at = |at: usize| usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
    let u32_at = |at: usize| {
        usize::try_from(u32::from_le_bytes([
            bytes[at],
            bytes[at + 1],
            bytes[at + 2],
            bytes[at + 3],
        ]))
        .unwrap()
    };
    let mut files = BTreeMap::new();
    let mut at = 0;
    while at + 46 <= bytes.len() {
        if bytes[at..at + 4] != [0x50, 0x4b, 0x01, 0x02] {
            at += 1;
            continue;
        }
        let method = u16_at(at + 10);
        let compressed = u32_at(at + 20);
        let name_len = u16_at(at + 28);
        let extra = u16_at(at + 30);
        let comment = u16_at(at + 32);
        let local = u32_at(at + 42);
        let name = String::from_utf8_lossy(&bytes[at + 46..at + 46 + name_len]).to_string();
        let data_at = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let data = &bytes[data_at..data_at + compressed];
        let mut text = String::new();
        if method == 8 {
            flate2::read::DeflateDecoder::new(data)
                .read_to_string(&mut text)
                .unwrap();
        } else {
            text = String::from_utf8_lossy(data).to_string();
        }
        files.insert(name, text);
        at += 46 + name_len + extra + comment;
    }
    files
}

/// The worksheet XML of the sheet named `name`.
fn sheet<'a>(files: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    let book = &files["xl/workbook.xml"];
    let names: Vec<&str> = book
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| s.split("name=\"").nth(1))
        .filter_map(|s| s.split('"').next())
        .collect();
    let index = names
        .iter()
        .position(|n| *n == name)
        .unwrap_or_else(|| panic!("no sheet {name} in {names:?}"));
    &files[&format!("xl/worksheets/sheet{}.xml", index + 1)]
}

on_both_engines!(
    the_account_pdf_prints_each_actors_figures_and_every_parameter_with_its_source,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let page = client
            .get(&format!(
                "/program/{programme}/socioekonomi?parametrar=2025&horisont=5"
            ))
            .await;
        let href = format!(
            "/program/{programme}/socioekonomi.pdf?parametrar=2025&#38;horisont=5&#38;fonster=12"
        );
        assert!(page.body.contains(&href), "the page links its PDF");
        let (status, kind, pdf) = download(&client, &href.replace("&#38;", "&")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(kind, "application/pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = pdf_text(&pdf);
        for phrase in [
            "Bilaga A: Parametrar",
            "Bilaga B: Metod",
            "Arbetsgivaravgifter",
            "Försörjningsstöd",
            // Every parameter's source and whether it was checked.
            "Etableringsersättning: 308 kr per dag",
            "Ej kontrollerad",
            // The inputs a reader recomputes from: 48 and 12 full-time months, the budget.
            "48,00",
            "200 000 kr",
            // Per actor, the example's figures at five years.
            "Kommunen",
            "1 144 503 kr",
            "Staten via Försäkringskassan",
            "324 580 kr",
            "Individen",
            "-70 763 kr",
            "Samhället som helhet",
            "1 539 847 kr",
            "328 320 kr",
        ] {
            assert!(text.contains(&compact(phrase)), "{phrase} is printed");
        }

        // The steering group sees the account while five are followed up, not with four.
        app.sql(
            "UPDATE episodes SET exit_reason = 'registered-in-error' \
             WHERE person_id = (SELECT id FROM persons WHERE given_name = 'E')",
        )
        .await;
        let steering = app.logged_in("styrgrupp", "steering", Some(operator)).await;
        let (status, _, withheld) = download(
            &steering,
            &format!("/program/{programme}/socioekonomi.pdf?parametrar=2025&horisont=5"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let text = pdf_text(&withheld);
        assert!(text.contains(&compact("Bilaga A: Parametrar")));
        assert!(
            !text.contains(&compact("1 144 503 kr")),
            "no figure of four people"
        );
        assert!(
            !text.contains(&compact("48,00")),
            "no inputs of four people"
        );
    }
);

on_both_engines!(
    the_account_workbook_writes_every_step_as_a_formula_over_the_parameter_and_input_cells,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let (status, _, xlsx) = download(
            &client,
            &format!("/program/{programme}/socioekonomi.xlsx?parametrar=2025&horisont=5"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let files = unzip(&xlsx);
        let parameters = sheet(&files, "Parametrar");
        assert!(
            parameters.contains("<v>10000</v>"),
            "försörjningsstöd a month"
        );
        let calculation = sheet(&files, "Årlig förändring");
        // The municipality's avoided support: cost × change in full-time months × 12 / window.
        assert!(
            calculation.contains(
                "<f>ROUND('Parametrar'!$B$8*'Indata'!$E$6*12/'Indata'!$B$2,2)</f><v>360000</v>"
            ),
            "{calculation}"
        );
        assert!(
            calculation.contains("<v>456000</v>"),
            "the municipality's G"
        );
        assert!(
            calculation.contains("<v>624000</v>"),
            "society's production"
        );
        let years = sheet(&files, "Per år");
        assert!(
            years.contains("*(1-'Parametrar'!$B$17),2)*(1-'Parametrar'!$B$18),2)</f><v>328320</v>"),
            "{years}"
        );
        assert!(
            years.contains("<v>1344503.23</v>"),
            "cumulative after five years"
        );
        let results = sheet(&files, "Resultat");
        assert!(results.contains("<v>1144503.23</v>"), "{results}");
        let inputs = sheet(&files, "Indata");
        assert!(inputs.contains("<v>48</v>") && inputs.contains("<v>12</v>"));
    }
);

on_both_engines!(
    the_window_measures_the_change_over_six_twelve_or_twenty_four_months_and_nothing_else,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let token = app.token("samordnare", "coordinator", Some(operator)).await;
        let client = app.client();
        let get = |window: &str| {
            format!(
                "/api/v1/programmes/{programme}/socioeconomics?parameters=2025&horizon=5&window={window}"
            )
        };
        // Six months: half the months before and after, made yearly × 12 / 6, so the same
        // yearly change as twelve months for these evenly spread months.
        let json = client
            .api(Method::GET, &get("6"), &token, None)
            .await
            .json();
        assert_eq!(json["window_months"], 6);
        assert_eq!(json["followed_up"], 5);
        let fs = json["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["source"] == "forsorjningsstod")
            .unwrap()
            .clone();
        assert_eq!(fs["fte_months_before"], 24.0);
        assert_eq!(fs["fte_months_after"], 6.0);
        assert_eq!(actor(&json, "kommunen")["annual"]["support"], "360000.00");
        // Twenty-four months: the exits of December 2024 are not followed up that long on
        // 1 March 2026, so nobody counts and nothing is gained.
        let json = client
            .api(Method::GET, &get("24"), &token, None)
            .await
            .json();
        assert_eq!(json["window_months"], 24);
        assert_eq!(json["followed_up"], 0);
        assert_eq!(actor(&json, "kommunen")["annual"]["total"], "0.00");
        assert_eq!(horizon(actor(&json, "kommunen"), 5)["net"], "-200000.00");

        let bad = client.api(Method::GET, &get("7"), &token, None).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.header("content-type")
                .contains("application/problem+json")
        );
        assert!(bad.body.contains("window"), "{}", bad.body);

        let browser = app
            .logged_in("samordnare2", "coordinator", Some(operator))
            .await;
        let page = browser
            .get(&format!(
                "/program/{programme}/socioekonomi?parametrar=2025&fonster=24"
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<option value=\"24\" selected>"));
        let bad = browser
            .get(&format!("/program/{programme}/socioekonomi?fonster=7"))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("6, 12 eller 24"));
    }
);

on_both_engines!(
    a_scenario_has_its_own_pdf_and_workbook_with_the_typical_cases,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let saved = client
            .post_form(
                &format!("/program/{programme}/scenarier/ny"),
                &[
                    ("name", "Ansökan 2027"),
                    ("parameter_year", "2025"),
                    ("investment-kommunen", "500 000"),
                    ("case-1-name", "Försörjningsstöd till halvtidsjobb"),
                    ("case-1-participants", "10"),
                    ("case-1-source", "forsorjningsstod"),
                    ("case-1-share_before", "100"),
                    ("case-1-share_after", "0"),
                    ("case-1-job_share", "50"),
                    ("case-1-months_to_outcome", "12"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let base = saved.location().to_string();
        let shown = client.get(&base).await.expect(StatusCode::OK);
        assert!(
            shown.body.contains("chart-socio-kommunen"),
            "a chart per actor"
        );
        assert!(
            shown
                .body
                .contains(&format!("{base}/socioekonomi.pdf?horisont=5"))
        );
        let (status, _, pdf) =
            download(&client, &format!("{base}/socioekonomi.pdf?horisont=5")).await;
        assert_eq!(status, StatusCode::OK);
        let text = pdf_text(&pdf);
        for phrase in [
            "Försörjningsstöd till halvtidsjobb",
            "Bilaga A: Parametrar",
            "500 000 kr",
            "1 036 800 kr",
        ] {
            assert!(text.contains(&compact(phrase)), "{phrase} is printed");
        }
        let (status, _, xlsx) =
            download(&client, &format!("{base}/socioekonomi.xlsx?horisont=5")).await;
        assert_eq!(status, StatusCode::OK);
        let files = unzip(&xlsx);
        let calculation = sheet(&files, "Årlig förändring");
        // 10 people × 12 months × 10 000 kr, from the case's row of the inputs.
        assert!(
            calculation.contains(
                "<f>ROUND('Parametrar'!$B$8*('Indata'!$E$3-'Indata'!$F$3)*12*'Indata'!$B$3/100,2)</f><v>1200000</v>"
            ),
            "{calculation}"
        );
        let years = sheet(&files, "Per år");
        // Nothing in year 1; the outcome after twelve months counts from year 2.
        assert!(years.contains("<v>1036800</v>"), "{years}");
    }
);
