//! The enterprise register and the public directory.

use crate::schema::escape_like;
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::EnterpriseScope;
use stegvis_domain::enterprise::{
    AsfChecklist, Enterprise, EnterpriseDraft, EnterpriseFilter, LegalForm, Support, SupportDraft,
};
use stegvis_domain::money::Money;
use stegvis_domain::names::name_key;
use stegvis_domain::orgnumber::OrgNumber;
use stegvis_domain::timestamp::{Timestamp, format_date};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    operator_id: i64,
    name: String,
    org_number: String,
    legal_form: String,
    registered_on: String,
    sni_code: Option<String>,
    address: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    what_it_sells: Option<String>,
    how_to_buy: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    website: Option<String>,
    asf_runs_business: bool,
    asf_runs_business_note: Option<String>,
    asf_work_integration: bool,
    asf_work_integration_note: Option<String>,
    asf_participation: bool,
    asf_participation_note: Option<String>,
    asf_reinvests_profits: bool,
    asf_reinvests_profits_note: Option<String>,
    asf_independent: bool,
    asf_independent_note: Option<String>,
    f_skatt: bool,
    vat_registered: bool,
    employer_registered: bool,
    public_listing: bool,
    updated_at: String,
}

impl TryFrom<Row> for Enterprise {
    type Error = StorageError;

    fn try_from(row: Row) -> Result<Self> {
        Ok(Enterprise {
            id: row.id,
            operator_id: row.operator_id,
            name: row.name,
            org_number: OrgNumber::parse_canonical(&row.org_number).map_err(|_| {
                StorageError::Corrupt(format!("organisation number '{}'", row.org_number))
            })?,
            legal_form: crate::schema::code("legal form", &row.legal_form)?,
            registered_on: crate::schema::date(&row.registered_on)?,
            sni_code: row.sni_code,
            address: row.address,
            postal_code: row.postal_code,
            city: row.city,
            what_it_sells: row.what_it_sells,
            how_to_buy: row.how_to_buy,
            contact_email: row.contact_email,
            contact_phone: row.contact_phone,
            website: row.website,
            asf: AsfChecklist {
                runs_business: row.asf_runs_business,
                runs_business_note: row.asf_runs_business_note,
                work_integration: row.asf_work_integration,
                work_integration_note: row.asf_work_integration_note,
                participation: row.asf_participation,
                participation_note: row.asf_participation_note,
                reinvests_profits: row.asf_reinvests_profits,
                reinvests_profits_note: row.asf_reinvests_profits_note,
                independent: row.asf_independent,
                independent_note: row.asf_independent_note,
            },
            f_skatt: row.f_skatt,
            vat_registered: row.vat_registered,
            employer_registered: row.employer_registered,
            public_listing: row.public_listing,
            updated_at: crate::schema::timestamp(&row.updated_at)?,
        })
    }
}

const COLUMNS: &str = "e.id, e.operator_id, e.name, e.org_number, e.legal_form, e.registered_on, e.sni_code, \
     e.address, e.postal_code, e.city, e.what_it_sells, e.how_to_buy, e.contact_email, e.contact_phone, e.website, \
     e.asf_runs_business, e.asf_runs_business_note, e.asf_work_integration, e.asf_work_integration_note, \
     e.asf_participation, e.asf_participation_note, e.asf_reinvests_profits, e.asf_reinvests_profits_note, \
     e.asf_independent, e.asf_independent_note, e.f_skatt, e.vat_registered, e.employer_registered, \
     e.public_listing, e.updated_at";

/// The columns a write sets, in the order [`bind_draft`] binds them from `$2`.
const WRITE_COLUMNS: [&str; 31] = [
    "operator_id",
    "name",
    "name_key",
    "search_key",
    "org_number",
    "legal_form",
    "registered_on",
    "sni_code",
    "address",
    "postal_code",
    "city",
    "city_key",
    "what_it_sells",
    "how_to_buy",
    "contact_email",
    "contact_phone",
    "website",
    "asf_runs_business",
    "asf_runs_business_note",
    "asf_work_integration",
    "asf_work_integration_note",
    "asf_participation",
    "asf_participation_note",
    "asf_reinvests_profits",
    "asf_reinvests_profits_note",
    "asf_independent",
    "asf_independent_note",
    "f_skatt",
    "vat_registered",
    "employer_registered",
    "public_listing",
];

macro_rules! bind_draft {
    ($query:expr, $draft:expr) => {{
        let d = $draft;
        $query
            .bind(d.operator_id)
            .bind(&d.name)
            .bind(name_key(&d.name, ""))
            .bind(name_key(&d.name, d.what_it_sells.as_deref().unwrap_or("")))
            .bind(d.org_number.canonical())
            .bind(d.legal_form.code())
            .bind(format_date(d.registered_on))
            .bind(&d.sni_code)
            .bind(&d.address)
            .bind(&d.postal_code)
            .bind(&d.city)
            .bind(d.city.as_deref().map(|c| name_key(c, "")))
            .bind(&d.what_it_sells)
            .bind(&d.how_to_buy)
            .bind(&d.contact_email)
            .bind(&d.contact_phone)
            .bind(&d.website)
            .bind(d.asf.runs_business)
            .bind(&d.asf.runs_business_note)
            .bind(d.asf.work_integration)
            .bind(&d.asf.work_integration_note)
            .bind(d.asf.participation)
            .bind(&d.asf.participation_note)
            .bind(d.asf.reinvests_profits)
            .bind(&d.asf.reinvests_profits_note)
            .bind(d.asf.independent)
            .bind(&d.asf.independent_note)
            .bind(d.f_skatt)
            .bind(d.vat_registered)
            .bind(d.employer_registered)
            .bind(d.public_listing)
    }};
}

/// Registers an enterprise. A second enterprise with the same organisationsnummer is refused
/// by the unique index `enterprises_org_number` ([`StorageError::Conflict`]).
pub async fn insert(tx: &mut Tx, draft: &EnterpriseDraft, now: Timestamp) -> Result<i64> {
    let columns = WRITE_COLUMNS.join(", ");
    let params = (2..WRITE_COLUMNS.len() + 2)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO enterprises ({columns}, created_at, updated_at) VALUES ({params}, $1, $1) RETURNING id"
    );
    Ok(
        with_conn!(tx, conn => bind_draft!(sqlx::query_scalar::<_, i64>(&sql).bind(now.canonical()), draft)
        .fetch_one(conn)
        .await)?,
    )
}

pub async fn update(tx: &mut Tx, id: i64, draft: &EnterpriseDraft, now: Timestamp) -> Result<bool> {
    let sets = WRITE_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("UPDATE enterprises SET {sets}, updated_at = $2 WHERE id = $1");
    let affected = exec!(tx, conn => bind_draft!(sqlx::query(&sql).bind(id).bind(now.canonical()), draft)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// The SQL condition and its parameter (always `$1`) that limit enterprises to a scope.
fn scope_condition(scope: EnterpriseScope) -> (&'static str, i64) {
    match scope {
        EnterpriseScope::All => ("$1 = $1", 0),
        EnterpriseScope::Operator(org) => ("e.operator_id = $1", org),
        EnterpriseScope::None => ("$1 <> $1", 0),
    }
}

/// One enterprise, or `None` if it does not exist *or* lies outside the scope: callers answer
/// both with 404.
pub async fn get(tx: &mut Tx, scope: EnterpriseScope, id: i64) -> Result<Option<Enterprise>> {
    let (condition, param) = scope_condition(scope);
    let sql = format!("SELECT {COLUMNS} FROM enterprises e WHERE {condition} AND e.id = $2");
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(param).bind(id).fetch_optional(conn).await)?;
    row.map(Enterprise::try_from).transpose()
}

/// The enterprise with this organisationsnummer, of any operator: the number is unique in the
/// register, so an import finds an enterprise by it (decision 0029).
pub async fn find_by_org_number(tx: &mut Tx, number: &OrgNumber) -> Result<Option<i64>> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "SELECT id FROM enterprises WHERE org_number = $1")
        .bind(number.canonical())
        .fetch_optional(conn)
        .await)?)
}

/// `LIKE` pattern for a search text, or the empty string for "no condition".
fn pattern(text: Option<&str>) -> String {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => format!("%{}%", escape_like(&name_key(text, ""))),
        None => String::new(),
    }
}

const BY_NAME: &str = "ORDER BY e.name_key, e.id";

pub async fn list(
    tx: &mut Tx,
    scope: EnterpriseScope,
    filter: &EnterpriseFilter,
) -> Result<Vec<Enterprise>> {
    let (condition, param) = scope_condition(scope);
    let text = pattern(filter.text.as_deref());
    let digits: String = filter
        .text
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM enterprises e WHERE {condition} \
         AND ($2 = '' OR e.name_key LIKE $2 ESCAPE '\\' OR e.city_key LIKE $2 ESCAPE '\\' OR ($3 <> '' AND e.org_number LIKE $3)) \
         AND ($4 = '' OR e.legal_form = $4) {BY_NAME}"
    );
    let number = if digits.len() >= 4 {
        format!("%{digits}%")
    } else {
        String::new()
    };
    let form = filter.legal_form.map_or("", LegalForm::code);
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql)
        .bind(param)
        .bind(&text)
        .bind(&number)
        .bind(form)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(Enterprise::try_from).collect()
}

/// The public directory: enterprises that opted in, narrowed by free text (name or what they
/// sell) and city.
pub async fn public_list(
    tx: &mut Tx,
    text: Option<&str>,
    city: Option<&str>,
) -> Result<Vec<Enterprise>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM enterprises e WHERE e.public_listing = $1 \
         AND ($2 = '' OR e.search_key LIKE $2 ESCAPE '\\') \
         AND ($3 = '' OR e.city_key LIKE $3 ESCAPE '\\') {BY_NAME}"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql)
        .bind(true)
        .bind(pattern(text))
        .bind(pattern(city))
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(Enterprise::try_from).collect()
}

pub async fn insert_support(
    tx: &mut Tx,
    enterprise_id: i64,
    draft: &SupportDraft,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO enterprise_support (enterprise_id, kind, year, amount_ore, note, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(enterprise_id)
        .bind(draft.kind.code())
        .bind(i64::from(draft.year))
        .bind(draft.amount.map(Money::ore))
        .bind(&draft.note)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Removes one row of support of this enterprise; `false` if there is none with that id.
pub async fn delete_support(tx: &mut Tx, enterprise_id: i64, support_id: i64) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query("DELETE FROM enterprise_support WHERE id = $1 AND enterprise_id = $2")
        .bind(support_id)
        .bind(enterprise_id)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// The support of an enterprise, oldest year first.
pub async fn supports(tx: &mut Tx, enterprise_id: i64) -> Result<Vec<Support>> {
    let sql = "SELECT id, kind, year, amount_ore, note FROM enterprise_support WHERE enterprise_id = $1 ORDER BY year, id";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, String, i64, Option<i64>, Option<String>)>(sql)
        .bind(enterprise_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, kind, year, amount, note)| {
            Ok(Support {
                id,
                kind: crate::schema::code("support kind", &kind)?,
                year: i32::try_from(year)
                    .map_err(|_| StorageError::Corrupt(format!("support year {year}")))?,
                amount: amount.map(Money::from_ore),
                note,
            })
        })
        .collect()
}
