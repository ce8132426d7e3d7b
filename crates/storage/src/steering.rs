//! Steering and working groups: members, meetings, decisions and action items (migration 0017).

use crate::{Result, Tx, exec, with_conn};
use stegvis_domain::steering::{
    Action, ActionDraft, ActionStatus, Decision, Group, GroupDraft, Meeting, MeetingDraft, Member,
    MemberDraft,
};
use stegvis_domain::timestamp::{Timestamp, format_date};

fn group((id, programme_id, kind, name): (i64, i64, String, String)) -> Result<Group> {
    Ok(Group {
        id,
        programme_id,
        kind: crate::schema::code("group kind", &kind)?,
        name,
    })
}

const GROUP: &str = "SELECT g.id, g.programme_id, g.kind, g.name FROM steering_groups g";

pub async fn insert_group(
    tx: &mut Tx,
    programme_id: i64,
    draft: &GroupDraft,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO steering_groups (programme_id, kind, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(programme_id)
        .bind(draft.kind.code())
        .bind(&draft.name)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// The groups of a programme, steering groups first.
pub async fn groups(tx: &mut Tx, programme_id: i64) -> Result<Vec<Group>> {
    let sql = format!("{GROUP} WHERE g.programme_id = $1 ORDER BY g.kind, g.name, g.id");
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, String, String)>(&sql)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(group).collect()
}

/// The groups a user is a member of.
pub async fn groups_of_member(tx: &mut Tx, user_id: i64) -> Result<Vec<Group>> {
    let sql = format!(
        "{GROUP} JOIN steering_members m ON m.group_id = g.id WHERE m.user_id = $1 ORDER BY g.kind, g.name, g.id"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, String, String)>(&sql)
        .bind(user_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(group).collect()
}

pub async fn group_by_id(tx: &mut Tx, id: i64) -> Result<Option<Group>> {
    let sql = format!("{GROUP} WHERE g.id = $1");
    let row = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, String, String)>(&sql)
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    row.map(group).transpose()
}

pub async fn is_member(tx: &mut Tx, group_id: i64, user_id: i64) -> Result<bool> {
    let n = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM steering_members WHERE group_id = $1 AND user_id = $2")
        .bind(group_id)
        .bind(user_id)
        .fetch_one(conn)
        .await)?;
    Ok(n > 0)
}

pub async fn insert_member(tx: &mut Tx, group_id: i64, draft: &MemberDraft) -> Result<i64> {
    let sql =
        "INSERT INTO steering_members (group_id, user_id, role) VALUES ($1, $2, $3) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(group_id)
        .bind(draft.user_id)
        .bind(&draft.role)
        .fetch_one(conn)
        .await)?)
}

/// The members with their names and organisations, in the order they were added.
pub async fn members(tx: &mut Tx, group_id: i64) -> Result<Vec<Member>> {
    let sql = "SELECT m.id, m.group_id, m.user_id, u.display_name, o.name, m.role \
               FROM steering_members m JOIN users u ON u.id = m.user_id \
               LEFT JOIN organisations o ON o.id = u.organisation_id \
               WHERE m.group_id = $1 ORDER BY m.id";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, i64, String, Option<String>, Option<String>)>(sql)
        .bind(group_id)
        .fetch_all(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, group_id, user_id, name, organisation, role)| Member {
            id,
            group_id,
            user_id,
            name,
            organisation,
            role,
        })
        .collect())
}

type MeetingRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn meeting((id, group_id, held_on, place, agenda, minutes): MeetingRow) -> Result<Meeting> {
    Ok(Meeting {
        id,
        group_id,
        held_on: crate::schema::date(&held_on)?,
        place,
        agenda,
        minutes,
    })
}

const MEETING: &str = "SELECT id, group_id, held_on, place, agenda, minutes FROM steering_meetings";

pub async fn insert_meeting(
    tx: &mut Tx,
    group_id: i64,
    draft: &MeetingDraft,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO steering_meetings (group_id, held_on, place, agenda, minutes, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(group_id)
        .bind(format_date(draft.held_on))
        .bind(&draft.place)
        .bind(&draft.agenda)
        .bind(&draft.minutes)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

pub async fn update_meeting(
    tx: &mut Tx,
    id: i64,
    draft: &MeetingDraft,
    now: Timestamp,
) -> Result<bool> {
    let sql = "UPDATE steering_meetings SET held_on = $2, place = $3, agenda = $4, minutes = $5, updated_at = $6 WHERE id = $1";
    let n = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(format_date(draft.held_on))
        .bind(&draft.place)
        .bind(&draft.agenda)
        .bind(&draft.minutes)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(n == 1)
}

/// The meetings of a group, latest first.
pub async fn meetings(tx: &mut Tx, group_id: i64) -> Result<Vec<Meeting>> {
    let sql = format!("{MEETING} WHERE group_id = $1 ORDER BY held_on DESC, id DESC");
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, MeetingRow>(&sql)
        .bind(group_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(meeting).collect()
}

pub async fn meeting_by_id(tx: &mut Tx, id: i64) -> Result<Option<Meeting>> {
    let sql = format!("{MEETING} WHERE id = $1");
    let row = with_conn!(tx, conn => sqlx::query_as::<_, MeetingRow>(&sql)
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    row.map(meeting).transpose()
}

/// Adds a decision with the meeting's next number.
pub async fn insert_decision(tx: &mut Tx, meeting_id: i64, body: &str) -> Result<Decision> {
    let number = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM steering_decisions WHERE meeting_id = $1")
        .bind(meeting_id)
        .fetch_one(conn)
        .await)?;
    let id = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO steering_decisions (meeting_id, number, body) VALUES ($1, $2, $3) RETURNING id")
        .bind(meeting_id)
        .bind(number)
        .bind(body)
        .fetch_one(conn)
        .await)?;
    Ok(Decision {
        id,
        meeting_id,
        number,
        body: body.to_owned(),
    })
}

pub async fn decisions(tx: &mut Tx, meeting_id: i64) -> Result<Vec<Decision>> {
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, i64, String)>(
        "SELECT id, meeting_id, number, body FROM steering_decisions WHERE meeting_id = $1 ORDER BY number")
        .bind(meeting_id)
        .fetch_all(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, meeting_id, number, body)| Decision {
            id,
            meeting_id,
            number,
            body,
        })
        .collect())
}

type ActionRow = (i64, i64, String, i64, String, Option<String>, String);

fn action(
    (id, meeting_id, body, owner_user_id, owner_name, due_on, status): ActionRow,
) -> Result<Action> {
    Ok(Action {
        id,
        meeting_id,
        body,
        owner_user_id,
        owner_name,
        due_on: crate::schema::optional_date(due_on.as_deref())?,
        status: crate::schema::code("action status", &status)?,
    })
}

const ACTION: &str = "SELECT a.id, a.meeting_id, a.body, a.owner_user_id, u.display_name, a.due_on, a.status \
                      FROM steering_actions a JOIN users u ON u.id = a.owner_user_id";

pub async fn insert_action(
    tx: &mut Tx,
    meeting_id: i64,
    draft: &ActionDraft,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO steering_actions (meeting_id, body, owner_user_id, due_on, status, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(meeting_id)
        .bind(&draft.body)
        .bind(draft.owner_user_id)
        .bind(draft.due_on.map(format_date))
        .bind(ActionStatus::Open.code())
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

pub async fn actions_of_meeting(tx: &mut Tx, meeting_id: i64) -> Result<Vec<Action>> {
    let sql = format!("{ACTION} WHERE a.meeting_id = $1 ORDER BY a.id");
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, ActionRow>(&sql)
        .bind(meeting_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(action).collect()
}

/// The open action items of every meeting of a group, by due date (those without one last).
pub async fn open_actions_of_group(tx: &mut Tx, group_id: i64) -> Result<Vec<Action>> {
    let sql = format!(
        "{ACTION} JOIN steering_meetings mt ON mt.id = a.meeting_id \
         WHERE mt.group_id = $1 AND a.status = $2 \
         ORDER BY CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on, a.id"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, ActionRow>(&sql)
        .bind(group_id)
        .bind(ActionStatus::Open.code())
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(action).collect()
}

pub async fn action_by_id(tx: &mut Tx, id: i64) -> Result<Option<Action>> {
    let sql = format!("{ACTION} WHERE a.id = $1");
    let row = with_conn!(tx, conn => sqlx::query_as::<_, ActionRow>(&sql)
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    row.map(action).transpose()
}

pub async fn set_action_status(
    tx: &mut Tx,
    id: i64,
    status: ActionStatus,
    now: Timestamp,
) -> Result<bool> {
    let n = exec!(tx, conn => sqlx::query("UPDATE steering_actions SET status = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(status.code())
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(n == 1)
}
