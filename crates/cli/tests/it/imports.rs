//! Importing spreadsheets (issue 14 items 1 and 6): the API's dry run, its row-by-row report,
//! the whole-file refusal, idempotent re-import, and who may import.
//!
//! Only synthetic numbers in Skatteverket's test series (serial 980–999) are used.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use stegvis_app::Actor;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_testkit::{Page, TestApp, on_both_engines, test_personnummer};

const HEADER: &str = "personnummer,förnamn,efternamn,remissdatum,språk,tolk,e-post";
const GIVEN: [&str; 6] = ["Anna", "Omar", "Lina", "Erik", "Sara", "Yonas"];
const FAMILY: [&str; 5] = ["Testsson", "Provare", "Exempelsdotter", "Demo", "Påhittad"];

/// The spreadsheet row of person `i` (row `i + 2` of the file).
fn person_line(i: usize) -> String {
    format!(
        "{},{},{},2025-{:02}-{:02},{},{},{}",
        test_personnummer(i),
        GIVEN[i % GIVEN.len()],
        FAMILY[i % FAMILY.len()],
        i % 12 + 1,
        i % 28 + 1,
        if i % 7 == 0 { "arabiska" } else { "" },
        if i % 7 == 0 { "ja" } else { "nej" },
        if i % 3 == 0 {
            format!("deltagare{i}@example.se")
        } else {
            String::new()
        },
    )
}

/// 300 people; rows 14, 52 and 102 are wrong as spreadsheets often are: a mistyped check
/// digit, a missing first name and a date that does not exist.
fn spreadsheet(fixed: bool) -> String {
    let mut csv = format!("{HEADER}\r\n");
    for i in 0..300 {
        let mut line = person_line(i);
        if !fixed {
            match i + 2 {
                14 => {
                    let number = test_personnummer(i);
                    let last = number.chars().last().unwrap().to_digit(10).unwrap();
                    let wrong = format!("{}{}", &number[..number.len() - 1], (last + 1) % 10);
                    line = line.replacen(&number, &wrong, 1);
                }
                52 => line = line.replacen(GIVEN[i % GIVEN.len()], "", 1),
                102 => line = line.replacen("2025-05-17", "2025-02-30", 1),
                _ => {}
            }
        }
        csv.push_str(&line);
        csv.push_str("\r\n");
    }
    csv
}

/// The file without the three bad rows.
fn good_rows_only() -> String {
    let mut csv = format!("{HEADER}\r\n");
    for i in (0..300).filter(|i| ![12, 50, 100].contains(i)) {
        csv.push_str(&person_line(i));
        csv.push_str("\r\n");
    }
    csv
}

struct Setup {
    programme: i64,
    coordinator: String,
}

async fn setup(app: &TestApp) -> Setup {
    let kommun = app.organisation("VVK", "kommun").await;
    let programme = stegvis_app::programmes::create(
        &app.app,
        &Actor::system("test"),
        &ProgrammeInput {
            name: "Sociala företag".into(),
            operator_id: kommun.to_string(),
            starts_on: "2011-09-09".into(),
            ends_on: "2030-09-30".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    let coordinator = app.token("sam", "coordinator", Some(kommun)).await;
    Setup {
        programme,
        coordinator,
    }
}

async fn import(app: &TestApp, token: &str, programme: i64, dry_run: bool, csv: &str) -> Page {
    let client = app.client();
    let builder = client
        .request(
            Method::POST,
            &format!("/api/v1/imports/persons?programme_id={programme}&dry_run={dry_run}"),
        )
        .bearer_auth(token)
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_string());
    client.send(builder).await
}

fn totals(body: &Value) -> (i64, i64, i64, i64) {
    let t = &body["totals"];
    (
        t["create"].as_i64().unwrap(),
        t["update"].as_i64().unwrap(),
        t["unchanged"].as_i64().unwrap(),
        t["refuse"].as_i64().unwrap(),
    )
}

fn refused_rows(body: &Value) -> Vec<(i64, Vec<String>, Vec<String>)> {
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "refuse")
        .map(|r| {
            let errors = r["errors"].as_array().unwrap();
            (
                r["row"].as_i64().unwrap(),
                errors
                    .iter()
                    .map(|e| e["field"].as_str().unwrap().to_string())
                    .collect(),
                errors
                    .iter()
                    .map(|e| e["message"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

on_both_engines!(
    a_coordinator_imports_300_people_reads_the_bad_rows_fixes_them_and_reimports_without_duplicates,
    |app| {
        let s = setup(app).await;
        let dry = import(app, &s.coordinator, s.programme, true, &spreadsheet(false)).await;
        assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
        let body = dry.json();
        assert_eq!(body["dry_run"], true);
        assert_eq!(body["written"], false);
        assert_eq!(totals(&body), (297, 0, 0, 3));
        assert_eq!(body["rows"].as_array().unwrap().len(), 300);
        assert_eq!(body["rows"][0]["row"], 2);
        let refused = refused_rows(&body);
        assert_eq!(
            refused.iter().map(|r| r.0).collect::<Vec<_>>(),
            vec![14, 52, 102]
        );
        assert_eq!(refused[0].1, vec!["personnummer"]);
        assert!(
            refused[0].2[0].starts_with("rad 14, personnummer: kontrollsiffran stämmer inte"),
            "{}",
            refused[0].2[0]
        );
        assert_eq!(refused[1].1, vec!["förnamn"]);
        assert_eq!(refused[1].2[0], "rad 52, förnamn: fyll i det här fältet.");
        assert_eq!(refused[2].1, vec!["remissdatum"]);
        assert!(refused[2].2[0].starts_with("rad 102, remissdatum: skriv ett riktigt datum"));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 0);

        // A real run of a file with refused rows writes nothing and says why, row by row.
        let refused_run =
            import(app, &s.coordinator, s.programme, false, &spreadsheet(false)).await;
        assert_eq!(refused_run.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            refused_run.header("content-type"),
            "application/problem+json"
        );
        let problem = refused_run.json();
        assert_eq!(totals(&problem), (297, 0, 0, 3));
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("Ingenting importerades")
        );
        assert_eq!(refused_rows(&problem).len(), 3);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 0);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM episodes").await, 0);

        // The good rows go in first; then the corrected whole file adds only the fixed rows.
        let first = import(app, &s.coordinator, s.programme, false, &good_rows_only()).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        assert_eq!(totals(&first.json()), (297, 0, 0, 0));
        assert_eq!(first.json()["written"], true);
        let second = import(app, &s.coordinator, s.programme, false, &spreadsheet(true)).await;
        assert_eq!(second.status, StatusCode::OK, "{}", second.body);
        let body = second.json();
        assert_eq!(totals(&body), (3, 0, 297, 0));
        for row in [14, 52, 102] {
            assert_eq!(body["rows"][row - 2]["action"], "create", "row {row}");
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 300);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM episodes").await, 300);
        assert_eq!(
            app.scalar("SELECT COUNT(DISTINCT personnummer) FROM persons")
                .await,
            300
        );

        // The same file again changes nothing.
        let again = import(app, &s.coordinator, s.programme, false, &spreadsheet(true)).await;
        assert_eq!(totals(&again.json()), (0, 0, 300, 0));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 300);

        // Every created person is in the audit log, under an import event.
        assert_eq!(
            app.scalar(
                "SELECT COUNT(DISTINCT r.record_id) FROM audit_records r \
                 JOIN audit_events e ON e.seq = r.seq \
                 WHERE e.action = 'person.import' AND r.kind = 'person'"
            )
            .await,
            300
        );
        assert!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'person.import-check'")
                .await
                >= 2
        );
    }
);

on_both_engines!(
    a_changed_name_is_an_update_and_the_template_lists_the_swedish_headers,
    |app| {
        let s = setup(app).await;
        let csv = format!("{HEADER}\r\n{}\r\n", person_line(1));
        let page = import(app, &s.coordinator, s.programme, false, &csv).await;
        assert_eq!(totals(&page.json()), (1, 0, 0, 0));
        let renamed = csv.replacen("Omar", "Omer", 1);
        let page = import(app, &s.coordinator, s.programme, false, &renamed).await;
        assert_eq!(totals(&page.json()), (0, 1, 0, 0));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM persons WHERE given_name = 'Omer'")
                .await,
            1
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM episodes").await, 1);

        let semicolons = renamed.replace(',', ";");
        let page = import(app, &s.coordinator, s.programme, true, &semicolons).await;
        assert_eq!(totals(&page.json()), (0, 0, 1, 0));

        let template = app
            .client()
            .api(
                Method::GET,
                "/api/v1/imports/persons/template",
                &s.coordinator,
                None,
            )
            .await;
        assert_eq!(template.status, StatusCode::OK);
        assert!(template.header("content-type").starts_with("text/csv"));
        assert!(
            template
                .body
                .starts_with("personnummer,förnamn,efternamn,remissdatum,")
        );
    }
);

on_both_engines!(
    only_the_programmes_own_coordinator_may_import_and_a_file_without_a_required_column_is_refused,
    |app| {
        let s = setup(app).await;
        let csv = format!("{HEADER}\r\n{}\r\n", person_line(1));
        let fk = app.organisation("FK", "forsakringskassan").await;
        let officer = app.token("hand", "case-officer", Some(fk)).await;
        assert_eq!(
            import(app, &officer, s.programme, true, &csv).await.status,
            StatusCode::FORBIDDEN
        );
        let other = app.organisation("KAL", "kommun").await;
        let stranger = app.token("annan", "coordinator", Some(other)).await;
        assert_eq!(
            import(app, &stranger, s.programme, false, &csv)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            import(app, "not-a-token", s.programme, true, &csv)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let missing = import(
            app,
            &s.coordinator,
            s.programme,
            true,
            "personnummer,förnamn\r\n19800101-9804,Anna\r\n",
        )
        .await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = missing.json();
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, vec!["efternamn", "remissdatum"]);
        let client = app.client();
        let json = client
            .send(
                client
                    .request(
                        Method::POST,
                        &format!("/api/v1/imports/persons?programme_id={}", s.programme),
                    )
                    .bearer_auth(&s.coordinator)
                    .header("content-type", "application/json")
                    .body("{}"),
            )
            .await;
        assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 0);
    }
);

on_both_engines!(
    the_import_page_uploads_maps_remembers_the_mapping_dry_runs_and_imports_without_javascript,
    |app| {
        let s = setup(app).await;
        let kommun = app
            .scalar("SELECT id FROM organisations WHERE short_name = 'VVK'")
            .await;
        let client = app.logged_in("sam2", "coordinator", Some(kommun)).await;
        let page = client
            .get(&format!("/program/{}/import", s.programme))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("enctype=\"multipart/form-data\""));

        // A list whose headers are not the template's: the columns are chosen by hand once.
        let own = spreadsheet(false)
            .replacen(
                "personnummer,förnamn,efternamn,remissdatum",
                "Pnr,Namn,Släktnamn,Start",
                1,
            )
            .replace(',', ";");
        let upload = client
            .post_file(
                &format!("/program/{}/import", s.programme),
                "file",
                "af-lista.csv",
                own.into_bytes(),
            )
            .await;
        assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
        let page = client
            .get(&format!("/program/{}/import", s.programme))
            .await;
        assert!(page.body.contains("af-lista.csv"));
        assert!(page.body.contains("<option value=\"Pnr\">Pnr</option>"));
        // Headers that match the template are chosen already.
        assert!(
            page.body
                .contains("<option value=\"språk\" selected>språk</option>")
        );

        let mapping = |action: &str| -> Vec<(&'static str, String)> {
            [
                "Pnr",
                "Namn",
                "Släktnamn",
                "Start",
                "språk",
                "tolk",
                "",
                "",
                "",
                "e-post",
            ]
            .into_iter()
            .map(|h| ("kolumn", h.to_string()))
            .chain([("atgard", action.to_string())])
            .collect()
        };
        let post = |fields: Vec<(&'static str, String)>| {
            let client = &client;
            let path = format!("/program/{}/import/kolumner", s.programme);
            async move {
                let borrowed: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                client.post_form(&path, &borrowed).await
            }
        };
        let dry = post(mapping("provkor")).await;
        assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
        assert!(dry.body.contains("297 skapas"));
        assert!(dry.body.contains("3 kan inte importeras"));
        assert!(
            dry.body
                .contains("rad 14, personnummer: kontrollsiffran stämmer inte")
        );
        assert!(dry.body.contains("rad 52, förnamn: fyll i det här fältet."));
        let refused = post(mapping("importera")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Ingenting importerades"));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 0);

        // The fixed file from the same source: the mapping is remembered.
        let fixed = spreadsheet(true)
            .replacen(
                "personnummer,förnamn,efternamn,remissdatum",
                "Pnr,Namn,Släktnamn,Start",
                1,
            )
            .replace(',', ";");
        client
            .post_file(
                &format!("/program/{}/import", s.programme),
                "file",
                "af-lista.csv",
                fixed.into_bytes(),
            )
            .await;
        let page = client
            .get(&format!("/program/{}/import", s.programme))
            .await;
        assert!(
            page.body
                .contains("<option value=\"Pnr\" selected>Pnr</option>")
        );
        assert!(
            page.body
                .contains("<option value=\"Släktnamn\" selected>Släktnamn</option>")
        );
        let done = post(mapping("importera")).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert!(done.body.contains("Importen är klar"));
        assert!(done.body.contains("300 skapas"));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 300);
        // The imported file no longer waits: its people are not kept outside the register.
        assert_eq!(app.scalar("SELECT COUNT(*) FROM import_uploads").await, 0);

        let template = client
            .get(&format!("/program/{}/import/mall.csv", s.programme))
            .await;
        assert_eq!(template.status, StatusCode::OK);
        assert!(
            template
                .body
                .contains("personnummer;förnamn;efternamn;remissdatum")
        );
    }
);
