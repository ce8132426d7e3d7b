//! The JSON API: bearer tokens, problem+json errors and the OpenAPI document.

use reqwest::{Method, StatusCode};
use serde_json::json;
use stegvis_testkit::on_both_engines;

on_both_engines!(healthz_answers_without_login, |app| {
    let page = app.client().get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = page.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert!(body["version"].is_string());
});

on_both_engines!(the_api_needs_a_valid_bearer_token, |app| {
    let client = app.client();
    let page = client.get("/api/v1/organisations").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert_eq!(page.header("content-type"), "application/problem+json");
    assert_eq!(page.header("www-authenticate"), "Bearer");
    let page = client
        .api(
            Method::GET,
            "/api/v1/organisations",
            "stegvis_not-a-token",
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(
        page.json()["detail"]
            .as_str()
            .unwrap()
            .contains("not valid")
    );
});

on_both_engines!(a_session_cookie_does_not_authenticate_the_api, |app| {
    let client = app.logged_in("admin1", "admin", None).await;
    assert_eq!(
        client.get("/api/v1/organisations").await.status,
        StatusCode::UNAUTHORIZED
    );
});

on_both_engines!(
    an_administrator_creates_reads_and_updates_organisations_over_the_api,
    |app| {
        let token = app.token("admin1", "admin", None).await;
        let client = app.client();
        let created = client
            .api(
                Method::POST,
                "/api/v1/organisations",
                &token,
                Some(json!({"name": "Region Kalmar län", "short_name": "RKL", "kind": "region"})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let id = created.json()["id"].as_i64().unwrap();
        let read = client
            .api(
                Method::GET,
                &format!("/api/v1/organisations/{id}"),
                &token,
                None,
            )
            .await;
        assert_eq!(read.json()["kind"], "region");
        let updated = client
        .api(Method::PUT, &format!("/api/v1/organisations/{id}"), &token, Some(json!({"name": "Region Kalmar", "short_name": "RKL", "kind": "region", "org_number": "802400-1235"})))
        .await;
        assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
        assert_eq!(updated.json()["org_number"], "802400-1235");
        let list = client
            .api(Method::GET, "/api/v1/organisations", &token, None)
            .await;
        assert_eq!(list.json().as_array().unwrap().len(), 1);
    }
);

on_both_engines!(
    malformed_json_is_a_400_problem_and_wrong_types_a_422,
    |app| {
        let token = app.token("admin1", "admin", None).await;
        let client = app.client();
        let broken = client
            .send(
                client
                    .request(Method::POST, "/api/v1/organisations")
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body("{\"name\": "),
            )
            .await;
        assert_eq!(broken.status, StatusCode::BAD_REQUEST);
        assert_eq!(broken.header("content-type"), "application/problem+json");
        assert!(
            broken.json()["detail"]
                .as_str()
                .unwrap()
                .contains("not valid JSON")
        );
        let wrong = client
            .api(
                Method::POST,
                "/api/v1/organisations",
                &token,
                Some(json!({"name": 5, "short_name": "X", "kind": "other"})),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let not_json = client
            .send(
                client
                    .request(Method::POST, "/api/v1/organisations")
                    .bearer_auth(&token)
                    .body("name=x"),
            )
            .await;
        assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
);

on_both_engines!(invalid_fields_are_listed_in_the_problem_document, |app| {
    let token = app.token("admin1", "admin", None).await;
    let page = app
        .client()
        .api(Method::POST, "/api/v1/organisations", &token, Some(json!({"name": "", "short_name": "A B", "kind": "bank", "org_number": "802400-1236"})))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = page.json();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["name", "short_name", "kind", "org_number"]);
    assert!(body["detail"].as_str().unwrap().contains("name"));
});

on_both_engines!(unknown_ids_and_routes_are_404_problems, |app| {
    let token = app.token("admin1", "admin", None).await;
    let client = app.client();
    for path in [
        "/api/v1/organisations/999",
        "/api/v1/organisations/x",
        "/api/v1/nothing-here",
    ] {
        let page = client.api(Method::GET, path, &token, None).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            page.header("content-type"),
            "application/problem+json",
            "{path}"
        );
    }
});

on_both_engines!(
    programmes_are_managed_over_the_api_within_the_callers_operator,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let other = app.organisation("KAL", "kommun").await;
        let token = app.token("sam", "coordinator", Some(kommun)).await;
        let client = app.client();
        let body = json!({"name": "Sociala företag", "operator_id": kommun, "starts_on": "2011-09-09", "ends_on": "2013-09-30", "focus": "both"});
        let created = client
            .api(Method::POST, "/api/v1/programmes", &token, Some(body))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        assert_eq!(created.json()["starts_on"], "2011-09-09");
        let foreign = json!({"name": "X", "operator_id": other, "starts_on": "2011-09-09", "ends_on": "2013-09-30", "focus": "both"});
        let refused = client
            .api(Method::POST, "/api/v1/programmes", &token, Some(foreign))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.json()["errors"][0]["field"], "operator_id");
    }
);

on_both_engines!(only_administrators_reach_the_users_api, |app| {
    let admin = app.token("admin1", "admin", None).await;
    let steering = app.token("styr", "steering", None).await;
    let client = app.client();
    let list = client.api(Method::GET, "/api/v1/users", &admin, None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json()["total"], 2);
    let denied = client
        .api(Method::GET, "/api/v1/users", &steering, None)
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let invited = client
        .api(
            Method::POST,
            "/api/v1/users",
            &admin,
            Some(json!({"username": "ny", "role": "evaluator"})),
        )
        .await;
    assert_eq!(invited.status, StatusCode::CREATED);
    assert!(
        invited.json()["activation_url"]
            .as_str()
            .unwrap()
            .contains("/aktivera/")
    );
});

on_both_engines!(
    the_openapi_document_describes_the_api_as_openapi_3_1,
    |app| {
        let page = app.client().get("/api/v1/openapi.json").await;
        assert_eq!(page.status, StatusCode::OK);
        let doc = page.json();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for path in [
            "/api/v1/organisations",
            "/api/v1/organisations/{id}",
            "/api/v1/users",
            "/api/v1/programmes",
            "/api/v1/programmes/{id}",
            "/healthz",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} is documented");
        }
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    }
);

on_both_engines!(
    bad_query_parameters_and_unsupported_methods_are_problems,
    |app| {
        let token = app.token("admin1", "admin", None).await;
        let client = app.client();
        let page = client
            .api(Method::GET, "/api/v1/users?limit=many", &token, None)
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert_eq!(page.header("content-type"), "application/problem+json");
        assert!(page.json()["detail"].as_str().unwrap().contains("limit"));
        let page = client
            .api(Method::DELETE, "/api/v1/organisations", &token, None)
            .await;
        assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(page.header("content-type"), "application/problem+json");
    }
);
