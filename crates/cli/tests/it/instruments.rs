//! Questionnaire definitions imported at start as immutable versions, and their list.

use reqwest::{Method, StatusCode};
use stegvis_testkit::on_both_engines;

on_both_engines!(
    the_shipped_questionnaires_are_imported_once_and_listed_with_their_keys,
    |app| {
        let again = stegvis_app::instruments::import_shipped(&app.app)
            .await
            .unwrap();
        assert!(again.added.is_empty(), "a second import stores nothing");
        assert!(again.conflicting.is_empty());
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM instrument_versions").await,
            6
        );

        let token = app.token("ann", "evaluator", None).await;
        let page = app
            .client()
            .api(Method::GET, "/api/v1/instruments", &token, None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let list = page.json();
        let keys: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["key"].as_str().unwrap())
            .collect();
        for key in [
            "experience",
            "knowledge-quiz",
            "knowledge-self",
            "srh",
            "who5",
            "work-ability",
        ] {
            assert!(keys.contains(&key), "{key} is listed");
        }
        let who5 = list
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == "who5")
            .unwrap();
        assert_eq!(who5["min_meaningful_change"], 10.0);
        assert_eq!(who5["range"], serde_json::json!([0.0, 100.0]));
        assert_eq!(who5["origin"], "shipped");
        let anonymous = app
            .client()
            .send(app.client().request(Method::GET, "/api/v1/instruments"))
            .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }
);

on_both_engines!(
    a_stored_version_is_never_replaced_by_a_different_shipped_text,
    |app| {
        app.sql("UPDATE instrument_versions SET definition = definition || ' ' WHERE key = 'srh'")
            .await;
        let imported = stegvis_app::instruments::import_shipped(&app.app)
            .await
            .unwrap();
        assert!(imported.added.is_empty());
        assert_eq!(imported.conflicting, vec!["srh@1".to_string()]);
    }
);
