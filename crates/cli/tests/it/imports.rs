//! Importing spreadsheets (issue 14 items 1 and 6): the API's dry run, its row-by-row report,
//! the whole-file refusal, idempotent re-import, and who may import; for people, income months
//! and enterprises with their year figures, from CSV and XLSX.
//!
//! Only synthetic numbers in Skatteverket's test series (serial 980–999) are used.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use stegvis_app::Actor;
use stegvis_app::persons::ReferralInput;
use stegvis_domain::consent::ConsentInput;
use stegvis_domain::person::PersonInput;
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
    import_to(app, "persons", token, programme, dry_run, csv).await
}

/// Posts a CSV file to `/api/v1/imports/{what}`.
async fn import_to(
    app: &TestApp,
    what: &str,
    token: &str,
    programme: i64,
    dry_run: bool,
    csv: &str,
) -> Page {
    upload_to(
        app,
        what,
        token,
        programme,
        dry_run,
        "text/csv; charset=utf-8",
        csv.as_bytes().to_vec(),
    )
    .await
}

async fn upload_to(
    app: &TestApp,
    what: &str,
    token: &str,
    programme: i64,
    dry_run: bool,
    content_type: &str,
    body: Vec<u8>,
) -> Page {
    let client = app.client();
    let builder = client
        .request(
            Method::POST,
            &format!("/api/v1/imports/{what}?programme_id={programme}&dry_run={dry_run}"),
        )
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body);
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

/// Registers a person in the programme through the form's use case, consenting to participate
/// when `consents`.
async fn participant(app: &TestApp, programme: i64, i: usize, consents: bool) {
    let system = Actor::system("test");
    let registered = stegvis_app::persons::register(
        &app.app,
        &system,
        &ReferralInput {
            person: PersonInput {
                personnummer: test_personnummer(i),
                given_name: GIVEN[i % GIVEN.len()].into(),
                family_name: FAMILY[i % FAMILY.len()].into(),
                ..PersonInput::default()
            },
            programme_id: programme.to_string(),
            referred_on: "2025-01-10".into(),
            referring_organisation_id: String::new(),
        },
    )
    .await
    .unwrap();
    if consents {
        stegvis_app::persons::record_consent(
            &app.app,
            &system,
            registered.episode_id,
            &ConsentInput {
                scope: "participation".into(),
                given_on: "2025-01-15".into(),
                form: "paper".into(),
                informed: true,
                ..ConsentInput::default()
            },
        )
        .await
        .unwrap();
    }
}

const INCOME_HEADER: &str = "personnummer,månad,inkomstslag,andel,belopp";

/// Income months of participants 0 and 1 (consenting) and, when not `fixed`, four bad rows:
/// participant 2 who has not consented, a personnummer nobody in the programme has, a month
/// that does not exist, and a month over full time.
fn income_sheet(fixed: bool) -> String {
    let mut lines = vec![
        format!("{},2025-01,a-kassa,100,", test_personnummer(0)),
        format!("{},2025-02,A-kassa,50,", test_personnummer(0)),
        format!("{},2025-02,Lön,50,\"12 000\"", test_personnummer(0)),
        format!("{},2025-01,Försörjningsstöd,100,", test_personnummer(1)),
    ];
    if !fixed {
        lines.push(format!("{},2025-01,a-kassa,100,", test_personnummer(2)));
        lines.push(format!("{},2025-01,a-kassa,100,", test_personnummer(9)));
        lines.push(format!("{},2025-13,a-kassa,100,", test_personnummer(1)));
        lines.push(format!("{},2025-01,lon,50,", test_personnummer(1)));
    }
    let mut csv = format!("{INCOME_HEADER}\r\n");
    for line in lines {
        csv.push_str(&line);
        csv.push_str("\r\n");
    }
    csv
}

on_both_engines!(
    income_months_with_bad_rows_are_refused_row_by_row_then_imported_once_fixed_and_again_without_change,
    |app| {
        let s = setup(app).await;
        for (i, consents) in [(0, true), (1, true), (2, false)] {
            participant(app, s.programme, i, consents).await;
        }
        let dry = import_to(app, "income-months", &s.coordinator, s.programme, true, &income_sheet(false)).await;
        assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
        let body = dry.json();
        assert_eq!(totals(&body), (4, 0, 0, 4));
        let refused = refused_rows(&body);
        assert_eq!(
            refused.iter().map(|r| r.0).collect::<Vec<_>>(),
            vec![6, 7, 8, 9]
        );
        assert!(
            refused[0].2[0].starts_with("rad 6, personnummer: inkomster får registreras först"),
            "{}",
            refused[0].2[0]
        );
        assert_eq!(
            refused[1].2[0],
            "rad 7, personnummer: ingen deltagare med det personnumret i programmet."
        );
        assert_eq!(refused[2].1, vec!["månad"]);
        assert_eq!(refused[3].1, vec!["andel"]);

        let refused_run = import_to(app, "income-months", &s.coordinator, s.programme, false, &income_sheet(false)).await;
        assert_eq!(refused_run.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused_rows(&refused_run.json()).len(), 4);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM income_months").await, 0);

        let done = import_to(app, "income-months", &s.coordinator, s.programme, false, &income_sheet(true)).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(totals(&done.json()), (4, 0, 0, 0));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM income_months").await, 4);
        assert_eq!(
            app.scalar("SELECT amount_ore FROM income_months WHERE source = 'lon'").await,
            1_200_000
        );

        // The same file again changes nothing; a changed share is an update of that row only.
        let again = import_to(app, "income-months", &s.coordinator, s.programme, false, &income_sheet(true)).await;
        assert_eq!(totals(&again.json()), (0, 0, 4, 0));
        let changed = income_sheet(true).replacen("2025-01,a-kassa,100", "2025-01,a-kassa,75", 1);
        let update = import_to(app, "income-months", &s.coordinator, s.programme, false, &changed).await;
        assert_eq!(totals(&update.json()), (0, 1, 3, 0));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM income_months").await, 4);
        assert_eq!(
            app.scalar("SELECT share_percent FROM income_months WHERE source = 'a-kassa' AND month = '2025-01'").await,
            75
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'income.import'").await,
            2
        );

        let template = app
            .client()
            .api(Method::GET, "/api/v1/imports/income-months/template", &s.coordinator, None)
            .await;
        assert_eq!(template.status, StatusCode::OK);
        assert!(template.body.starts_with(INCOME_HEADER));
    }
);

const ENTERPRISE_HEADER: &str = "organisationsnummer,namn,juridisk_form,registreringsdatum,ort,år,omsättning,resultat,lönekostnader,offentliga_intäkter,återinvesterat_överskott,räknat_den,anställda,i_målgruppen,årsarbetskrafter";

/// Two enterprises, one with two years of figures; when not `fixed`, a mistyped check digit
/// and the same enterprise and year twice.
fn enterprise_sheet(fixed: bool) -> String {
    let mut lines = vec![
        "769999-0045,Kustens Café,Ekonomisk förening,2019-03-01,Kalmar,2024,\"1 200 000\",\"35 000\",\"800 000\",\"400 000\",\"35 000\",2024-12-31,12,8,\"9,5\"".to_string(),
        "769999-0045,Kustens Café,Ekonomisk förening,2019-03-01,Kalmar,2025,\"1 350 000\",-12000,\"900 000\",\"450 000\",0,2025-12-31,13,9,10".to_string(),
        "556000-0019,Returverket AB,aktiebolag,2015-06-10,Växjö,,,,,,,,,,".to_string(),
    ];
    if !fixed {
        lines.push(
            "769999-0046,Felskrivet,ekonomisk-forening,2019-03-01,Kalmar,,,,,,,,,,".to_string(),
        );
        lines.push("769999-0045,Kustens Café,Ekonomisk förening,2019-03-01,Kalmar,2024,1,0,0,0,0,2024-12-31,1,0,1".to_string());
    }
    let mut csv = format!("{ENTERPRISE_HEADER}\r\n");
    for line in lines {
        csv.push_str(&line);
        csv.push_str("\r\n");
    }
    csv
}

on_both_engines!(
    enterprises_with_year_figures_are_refused_row_by_row_then_imported_once_fixed_and_again_without_change,
    |app| {
        let s = setup(app).await;
        let dry = import_to(app, "enterprises", &s.coordinator, s.programme, true, &enterprise_sheet(false)).await;
        assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
        let body = dry.json();
        assert_eq!(totals(&body), (3, 0, 0, 2));
        let refused = refused_rows(&body);
        assert_eq!(refused.iter().map(|r| r.0).collect::<Vec<_>>(), vec![5, 6]);
        assert!(
            refused[0].2[0].starts_with("rad 5, organisationsnummer: kontrollsiffran stämmer inte"),
            "{}",
            refused[0].2[0]
        );
        assert_eq!(refused[1].1, vec!["år"]);
        assert!(refused[1].2[0].contains("rad 2"), "{}", refused[1].2[0]);

        let refused_run = import_to(app, "enterprises", &s.coordinator, s.programme, false, &enterprise_sheet(false)).await;
        assert_eq!(refused_run.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM enterprises").await, 0);

        let done = import_to(app, "enterprises", &s.coordinator, s.programme, false, &enterprise_sheet(true)).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(totals(&done.json()), (3, 0, 0, 0));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM enterprises").await, 2);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM enterprise_figures").await, 2);
        assert_eq!(
            app.scalar("SELECT result_ore FROM enterprise_figures WHERE year = 2025").await,
            -1_200_000
        );
        assert_eq!(
            app.scalar("SELECT work_units_tenths FROM enterprise_figures WHERE year = 2024").await,
            95
        );

        // What the form added besides the template's columns survives a re-import.
        app.sql("UPDATE enterprises SET what_it_sells = 'Lunch och catering' WHERE org_number = '7699990045'").await;
        let again = import_to(app, "enterprises", &s.coordinator, s.programme, false, &enterprise_sheet(true)).await;
        assert_eq!(totals(&again.json()), (0, 0, 3, 0));
        let moved = enterprise_sheet(true).replace("Kalmar", "Nybro");
        let update = import_to(app, "enterprises", &s.coordinator, s.programme, false, &moved).await;
        assert_eq!(totals(&update.json()), (0, 1, 2, 0));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM enterprises WHERE city = 'Nybro' AND what_it_sells = 'Lunch och catering'").await,
            1
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'enterprise.import'").await,
            2
        );

        // Another operator's enterprise is not taken over by a number in the file.
        let other = app.organisation("KAL", "kommun").await;
        let programme = stegvis_app::programmes::create(
            &app.app,
            &Actor::system("test"),
            &ProgrammeInput {
                name: "Kalmarprogrammet".into(),
                operator_id: other.to_string(),
                starts_on: "2020-01-01".into(),
                ends_on: "2030-12-31".into(),
                focus: "both".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
        let theirs = app.token("kal", "coordinator", Some(other)).await;
        let taken = import_to(app, "enterprises", &theirs, programme, true, &enterprise_sheet(true)).await;
        assert_eq!(totals(&taken.json()), (0, 0, 0, 3));
    }
);

/// The people spreadsheet as a workbook: text cells, the referral dates as date cells and the
/// interpreter column as true and false, as Excel saves them.
fn workbook(csv: &str) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, line) in csv.lines().enumerate() {
        let row = u32::try_from(r).unwrap();
        for (c, cell) in line.split(',').enumerate() {
            let column = u16::try_from(c).unwrap();
            let parts: Vec<u16> = cell.split('-').filter_map(|p| p.parse().ok()).collect();
            if r > 0 && c == 3 && parts.len() == 3 && parts[2] <= 28 {
                let day = ExcelDateTime::from_ymd(
                    parts[0],
                    u8::try_from(parts[1]).unwrap(),
                    u8::try_from(parts[2]).unwrap(),
                )
                .unwrap();
                sheet
                    .write_datetime_with_format(row, column, &day, &date)
                    .unwrap();
            } else if r > 0 && c == 5 {
                sheet.write_boolean(row, column, cell == "ja").unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(row, column, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

on_both_engines!(
    an_xlsx_workbook_gives_the_same_row_report_as_the_same_rows_in_csv,
    |app| {
        let s = setup(app).await;
        let csv = spreadsheet(false);
        let from_csv = import(app, &s.coordinator, s.programme, true, &csv).await;
        let from_xlsx = upload_to(
            app,
            "persons",
            &s.coordinator,
            s.programme,
            true,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            workbook(&csv),
        )
        .await;
        assert_eq!(from_xlsx.status, StatusCode::OK, "{}", from_xlsx.body);
        assert_eq!(from_xlsx.json()["rows"], from_csv.json()["rows"]);
        assert_eq!(totals(&from_xlsx.json()), (297, 0, 0, 3));

        let written = upload_to(
            app,
            "persons",
            &s.coordinator,
            s.programme,
            false,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            workbook(&good_rows_only()),
        )
        .await;
        assert_eq!(totals(&written.json()), (297, 0, 0, 0));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM persons WHERE interpreter_needed")
                .await,
            app.scalar("SELECT COUNT(*) FROM persons WHERE preferred_language = 'arabiska'")
                .await
        );

        let broken = upload_to(
            app,
            "persons",
            &s.coordinator,
            s.programme,
            true,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            b"PK\x03\x04 not really a workbook".to_vec(),
        )
        .await;
        assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(broken.body.contains("XLSX"), "{}", broken.body);
    }
);

on_both_engines!(
    a_large_file_on_the_page_is_imported_in_the_background_behind_a_progress_bar_then_reported,
    |app| {
        let s = setup(app).await;
        let kommun = app
            .scalar("SELECT id FROM organisations WHERE short_name = 'VVK'")
            .await;
        let client = app.logged_in("sam3", "coordinator", Some(kommun)).await;
        let mut csv = format!("{HEADER}\r\n");
        for i in 0..1_200 {
            csv.push_str(&person_line(i));
            csv.push_str("\r\n");
        }
        let import_page = format!("/program/{}/import", s.programme);
        let upload = client
            .post_file(&import_page, "file", "stor-lista.csv", csv.into_bytes())
            .await;
        assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
        // A request now, so the session needs no write while the writer is held below.
        client.get(&import_page).await.expect(StatusCode::OK);

        // Hold the import back at its first write, so its progress is seen before it ends: on
        // SQLite by holding the one writer connection, on PostgreSQL by locking the table of
        // remembered mappings, which the import writes first.
        let mut hold = app.app.db.begin().await.unwrap();
        if matches!(hold, stegvis_storage::Tx::Postgres(_)) {
            stegvis_storage::exec!(&mut hold, conn => sqlx::query(
                "LOCK TABLE import_mappings IN EXCLUSIVE MODE").execute(conn).await)
            .unwrap();
        }
        let fields: Vec<(&str, &str)> = [
            "personnummer",
            "förnamn",
            "efternamn",
            "remissdatum",
            "språk",
            "tolk",
            "",
            "",
            "",
            "e-post",
        ]
        .into_iter()
        .map(|h| ("kolumn", h))
        .chain([("atgard", "importera")])
        .collect();
        let started = client
            .post_form(&format!("{import_page}/kolumner"), &fields)
            .await;
        assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
        let location = started.location().split('#').next().unwrap().to_string();
        assert!(
            location.starts_with(&format!("{import_page}/")),
            "{location}"
        );
        let running = client.get(&location).await;
        assert_eq!(running.status, StatusCode::OK);
        assert!(running.body.contains("<progress"), "{}", running.body);
        assert!(
            running.body.contains("Kontrollerar: 0 av 1\u{a0}200 rader"),
            "{}",
            running.body
        );
        assert!(running.body.contains("http-equiv=\"refresh\""));
        drop(hold);

        let mut done = None;
        for _ in 0..240 {
            let page = client.get(&location).await;
            assert_eq!(page.status, StatusCode::OK);
            if page.body.contains("Importen är klar") {
                done = Some(page);
                break;
            }
            assert!(page.body.contains("<progress"), "{}", page.body);
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        let done = done.expect("the import finished within a minute");
        assert!(done.body.contains("kan inte importeras"));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 1_200);
        // The report can be read again; another import id leads back to the upload.
        assert!(
            client
                .get(&location)
                .await
                .body
                .contains("Importen är klar")
        );
        let unknown = client.get(&format!("{import_page}/okand")).await;
        assert_eq!(unknown.status, StatusCode::SEE_OTHER);
        assert_eq!(unknown.location(), import_page);
    }
);
