//! The socio-economic account's parameter sets and scenarios, and the one aggregate the ex-post
//! account needs: public support and wages per income source, summed over the followed-up
//! episodes of a programme.

use crate::effects::{counted, month_index};
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::income::{IncomeSource, YearMonth};
use stegvis_domain::socioeconomics::{
    AccountActor, Parameter, ParameterKey, ParameterSet, Provenance, ScenarioBody, ScenarioDraft,
    SourceActor, SourceMonths,
};
use stegvis_domain::timestamp::Timestamp;

/// A stored parameter set with its version and when it was last saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSet {
    pub set: ParameterSet,
    pub version: i64,
    pub updated_at: Timestamp,
}

type ValueRow = (String, i64, i64, i64, String, String, bool, String);

/// The operator's set for `year`, if one was saved.
pub async fn parameter_set(tx: &mut Tx, operator_id: i64, year: i32) -> Result<Option<StoredSet>> {
    let head = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT id, version, updated_at FROM socioeconomic_parameter_sets WHERE operator_id = $1 AND year = $2")
        .bind(operator_id)
        .bind(i64::from(year))
        .fetch_optional(conn)
        .await)?;
    let Some((id, version, updated_at)) = head else {
        return Ok(None);
    };
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, ValueRow>(
        "SELECT parameter_key, value, low, high, source, dated, checked, note FROM socioeconomic_parameters \
         WHERE set_id = $1")
        .bind(id)
        .fetch_all(conn)
        .await)?;
    let mut parameters = Vec::new();
    for key in ParameterKey::ALL {
        let Some((_, value, low, high, source, dated, checked, note)) =
            rows.iter().find(|r| r.0 == key.code()).cloned()
        else {
            return Err(StorageError::Corrupt(format!(
                "parameter set {id} lacks {}",
                key.code()
            )));
        };
        parameters.push(Parameter {
            key: *key,
            value,
            low,
            high,
            provenance: Provenance {
                source,
                dated,
                checked,
                note,
            },
        });
    }
    let actor_rows = with_conn!(tx, conn => sqlx::query_as::<_, (String, String)>(
        "SELECT source, actor FROM socioeconomic_source_actors WHERE set_id = $1 ORDER BY source")
        .bind(id)
        .fetch_all(conn)
        .await)?;
    let mut actors = Vec::new();
    for source in IncomeSource::ALL {
        if let Some((_, actor)) = actor_rows.iter().find(|r| r.0 == source.code()) {
            actors.push(SourceActor {
                source,
                actor: crate::schema::code::<AccountActor>("account actor", actor)?,
            });
        }
    }
    Ok(Some(StoredSet {
        set: ParameterSet {
            year,
            parameters,
            actors,
        },
        version,
        updated_at: crate::schema::timestamp(&updated_at)?,
    }))
}

/// The years the operator has saved a set for, newest first, with their versions.
pub async fn parameter_years(tx: &mut Tx, operator_id: i64) -> Result<Vec<(i32, i64)>> {
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64)>(
        "SELECT year, version FROM socioeconomic_parameter_sets WHERE operator_id = $1 ORDER BY year DESC")
        .bind(operator_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(year, version)| {
            Ok((
                i32::try_from(year)
                    .map_err(|_| StorageError::Corrupt(format!("parameter year {year}")))?,
                version,
            ))
        })
        .collect()
}

/// Saves the operator's set for its year, replacing the values of an earlier save; returns
/// the new version (1 for the first save).
pub async fn save_parameter_set(
    tx: &mut Tx,
    operator_id: i64,
    set: &ParameterSet,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let (id, version) = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64)>(
        "INSERT INTO socioeconomic_parameter_sets (operator_id, year, version, updated_by, updated_at) \
         VALUES ($1, $2, 1, $3, $4) \
         ON CONFLICT (operator_id, year) DO UPDATE SET version = socioeconomic_parameter_sets.version + 1, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at RETURNING id, version")
        .bind(operator_id)
        .bind(i64::from(set.year))
        .bind(user_id)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?;
    exec!(tx, conn => sqlx::query("DELETE FROM socioeconomic_parameters WHERE set_id = $1")
        .bind(id)
        .execute(conn)
        .await)?;
    exec!(tx, conn => sqlx::query("DELETE FROM socioeconomic_source_actors WHERE set_id = $1")
        .bind(id)
        .execute(conn)
        .await)?;
    for p in &set.parameters {
        exec!(tx, conn => sqlx::query(
            "INSERT INTO socioeconomic_parameters (set_id, parameter_key, value, low, high, source, dated, checked, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(id)
            .bind(p.key.code())
            .bind(p.value)
            .bind(p.low)
            .bind(p.high)
            .bind(&p.provenance.source)
            .bind(&p.provenance.dated)
            .bind(p.provenance.checked)
            .bind(&p.provenance.note)
            .execute(conn)
            .await)?;
    }
    for a in &set.actors {
        exec!(tx, conn => sqlx::query(
            "INSERT INTO socioeconomic_source_actors (set_id, source, actor) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(a.source.code())
            .bind(a.actor.code())
            .execute(conn)
            .await)?;
    }
    Ok(version)
}

/// Percent-months per income source in the `window` months before intake and after exit, summed
/// over the programme's counted episodes whose after-window has ended by `as_of` (the rule of
/// `effects::after_window_ended`), and how many such episodes there are. Sources with nothing
/// recorded are left out.
pub async fn source_months(
    tx: &mut Tx,
    programme_id: i64,
    window: u32,
    as_of: YearMonth,
) -> Result<(u64, Vec<SourceMonths>)> {
    let idx = month_index("im.month");
    let followed = format!(
        "SELECT e.id, e.person_id, {i0} AS i0, {x0} AS x0 FROM episodes e \
         WHERE e.programme_id = $1 AND {counted} AND e.exit_on IS NOT NULL AND {x0} + $2 < $3",
        i0 = month_index("e.intake_on"),
        x0 = month_index("e.exit_on"),
        counted = counted("e"),
    );
    let today = i64::from(as_of.year()) * 12 + i64::from(as_of.month());
    let n = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM ({followed}) f"))
        .bind(programme_id)
        .bind(i64::from(window))
        .bind(today)
        .fetch_one(conn)
        .await)?;
    let sql = format!(
        "SELECT im.source, \
         CAST(SUM(CASE WHEN {idx} < e.i0 THEN im.share_percent ELSE 0 END) AS BIGINT) AS before_sum, \
         CAST(SUM(CASE WHEN {idx} > e.x0 THEN im.share_percent ELSE 0 END) AS BIGINT) AS after_sum \
         FROM ({followed}) e \
         JOIN income_months im ON im.person_id = e.person_id AND im.share_percent > 0 \
              AND (({idx} BETWEEN e.i0 - $2 AND e.i0 - 1) OR ({idx} BETWEEN e.x0 + 1 AND e.x0 + $2)) \
         GROUP BY im.source ORDER BY im.source"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (String, i64, i64)>(&sql)
        .bind(programme_id)
        .bind(i64::from(window))
        .bind(today)
        .fetch_all(conn)
        .await)?;
    let mut months = Vec::new();
    for (source, before, after) in rows {
        let unsigned =
            |v: i64| u64::try_from(v).map_err(|_| StorageError::Corrupt(format!("share sum {v}")));
        months.push(SourceMonths {
            source: crate::schema::code("income source", &source)?,
            before: unsigned(before)?,
            after: unsigned(after)?,
        });
    }
    let n = u64::try_from(n).map_err(|_| StorageError::Corrupt(format!("episode count {n}")))?;
    Ok((n, months))
}

/// A stored ex-ante scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub id: i64,
    pub operator_id: i64,
    pub programme_id: Option<i64>,
    pub name: String,
    pub parameter_year: i32,
    pub body: ScenarioBody,
    pub updated_at: Timestamp,
}

type ScenarioRow = (i64, i64, Option<i64>, String, i64, String, String);

fn scenario_from(row: ScenarioRow) -> Result<Scenario> {
    let (id, operator_id, programme_id, name, year, body, updated_at) = row;
    Ok(Scenario {
        id,
        operator_id,
        programme_id,
        name,
        parameter_year: i32::try_from(year)
            .map_err(|_| StorageError::Corrupt(format!("scenario year {year}")))?,
        body: serde_json::from_str(&body)
            .map_err(|e| StorageError::Corrupt(format!("scenario {id}: {e}")))?,
        updated_at: crate::schema::timestamp(&updated_at)?,
    })
}

const SCENARIO_COLUMNS: &str =
    "id, operator_id, programme_id, name, parameter_year, body, updated_at";

/// The scenarios made for a programme, by name.
pub async fn scenarios(tx: &mut Tx, programme_id: i64) -> Result<Vec<Scenario>> {
    let sql = format!(
        "SELECT {SCENARIO_COLUMNS} FROM socioeconomic_scenarios WHERE programme_id = $1 ORDER BY name, id"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, ScenarioRow>(&sql)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(scenario_from).collect()
}

/// One scenario of a programme.
pub async fn scenario(tx: &mut Tx, programme_id: i64, id: i64) -> Result<Option<Scenario>> {
    let sql = format!(
        "SELECT {SCENARIO_COLUMNS} FROM socioeconomic_scenarios WHERE programme_id = $1 AND id = $2"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, ScenarioRow>(&sql)
        .bind(programme_id)
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    row.map(scenario_from).transpose()
}

fn body_json(body: &ScenarioBody) -> Result<String> {
    serde_json::to_string(body).map_err(|e| StorageError::Corrupt(format!("scenario body: {e}")))
}

/// Saves a new scenario and returns its id.
pub async fn insert_scenario(
    tx: &mut Tx,
    operator_id: i64,
    programme_id: i64,
    draft: &ScenarioDraft,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let json = body_json(&draft.body)?;
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO socioeconomic_scenarios (operator_id, programme_id, name, parameter_year, body, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(operator_id)
        .bind(programme_id)
        .bind(&draft.name)
        .bind(i64::from(draft.parameter_year))
        .bind(&json)
        .bind(user_id)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Replaces a scenario of the programme; `false` if there is none.
pub async fn update_scenario(
    tx: &mut Tx,
    programme_id: i64,
    id: i64,
    draft: &ScenarioDraft,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<bool> {
    let json = body_json(&draft.body)?;
    let affected = exec!(tx, conn => sqlx::query(
        "UPDATE socioeconomic_scenarios SET name = $3, parameter_year = $4, body = $5, updated_by = $6, updated_at = $7 \
         WHERE programme_id = $1 AND id = $2")
        .bind(programme_id)
        .bind(id)
        .bind(&draft.name)
        .bind(i64::from(draft.parameter_year))
        .bind(&json)
        .bind(user_id)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}
