//! Markdown to safe HTML for the handbook.
//!
//! Authors write CommonMark with tables. Raw HTML is not part of the language Stegvis accepts:
//! it is shown as text, and the output is sanitised once more with ammonia, so a chapter can
//! never carry a script or a style into the page.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

/// Renders a chapter body. Headings move down one level so the chapter title is the page's only
/// `h1`, every heading gets an id for permanent links to sections, and every table sits in a
/// labelled, keyboard-scrollable region so the page reflows at 320 px. A task-list item becomes
/// a real checkbox inside a `<label>` with the item's text, so a reader can tick a checklist (on
/// screen or on paper) and a screen reader names every box.
pub fn to_html(markdown: &str, table_label: &str) -> String {
    let mut used_ids: Vec<String> = Vec::new();
    let mut heading_text = String::new();
    let mut in_heading = false;
    let mut in_label = false;
    let mut pending_box: Option<bool> = None;
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        // The box opens its label inside the item's paragraph when the list is loose.
        if let Some(done) = pending_box.take() {
            in_label = true;
            if matches!(event, Event::Start(Tag::Paragraph)) {
                events.push(event);
                events.push(label_open(done));
                continue;
            }
            events.push(label_open(done));
        }
        // A label holds phrasing content only, so it closes where the item's first paragraph
        // or the item itself ends, or before a nested list starts.
        if in_label
            && matches!(
                event,
                Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_))
            )
        {
            in_label = false;
            events.push(Event::InlineHtml("</label>".into()));
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::TaskListMarker(done) => pending_box = Some(done),
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                heading_text.clear();
                events.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                in_heading = false;
                let id = unique_id(&heading_text, &mut used_ids);
                if let Some(Event::Start(Tag::Heading { id: slot, .. })) = events
                    .iter_mut()
                    .rev()
                    .find(|e| matches!(e, Event::Start(Tag::Heading { .. })))
                {
                    *slot = Some(id.into());
                }
                events.push(Event::End(TagEnd::Heading(demote(level))));
            }
            Event::Text(text) => {
                if in_heading {
                    heading_text.push_str(&text);
                }
                events.push(Event::Text(text));
            }
            Event::Code(code) => {
                if in_heading {
                    heading_text.push_str(&code);
                }
                events.push(Event::Code(code));
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let clean = ammonia::Builder::default()
        .add_generic_attributes(["id"])
        .add_tag_attributes("input", ["type", "checked"])
        .add_tags(["input", "label"])
        .clean(&html)
        .to_string();
    // Authors cannot write tags (their HTML is text by now), so every `<table>` left is ours.
    let label = ammonia::clean_text(table_label);
    clean
        .replace(
            "<table>",
            &format!("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{label}\"><table>"),
        )
        .replace("</table>", "</table></div>")
}

/// The opening of a checklist item's label, with its box; the caller closes the label.
fn label_open(done: bool) -> Event<'static> {
    let checked = if done { " checked" } else { "" };
    Event::InlineHtml(format!("<label><input type=\"checkbox\"{checked}> ").into())
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// A URL fragment from heading text: Swedish letters folded to ASCII, spaces to hyphens.
pub fn anchor(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let mapped = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if mapped == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(mapped);
    }
    out.trim_end_matches('-').to_string()
}

fn unique_id(text: &str, used: &mut Vec<String>) -> String {
    let base = match anchor(text) {
        a if a.is_empty() => "avsnitt".to_string(),
        a => a,
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}

/// The `##` headings of a chapter, as (anchor, text), for a table of contents.
pub fn sections(markdown: &str) -> Vec<(String, String)> {
    let mut used = Vec::new();
    let mut out = Vec::new();
    let mut current: Option<(HeadingLevel, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => current = Some((level, String::new())),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, buffer)) = current.as_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = current.take() {
                    let id = unique_id(&text, &mut used);
                    if matches!(level, HeadingLevel::H1 | HeadingLevel::H2) {
                        out.push((id, text));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text_never_run() {
        let html = to_html(
            "Hej <script>alert(1)</script> <img src=x onerror=alert(1)>",
            "Tabell",
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn javascript_links_are_removed() {
        let html = to_html("[klick](javascript:alert(1))", "Tabell");
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn tables_render_and_headings_get_anchors_below_the_page_title() {
        let html = to_html(
            "# Företagsformer\n\n## Ekonomisk förening\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
            "Tabell",
        );
        assert!(html.contains("<h2 id=\"foretagsformer\">"));
        assert!(html.contains("<h2 id=\"ekonomisk-forening\">"));
        assert!(html.contains(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Tabell\"><table>"
        ));
        assert!(!html.contains("<h1"));
    }

    #[test]
    fn checklist_items_are_labelled_checkboxes_a_reader_can_tick() {
        let html = to_html(
            "- [ ] Ring Skatteverket\n- [x] Skriv stadgar\n\n- [ ] Lös lista\n\n  mer text\n",
            "Tabell",
        );
        assert!(html.contains("<label><input type=\"checkbox\"> Ring Skatteverket</label>"));
        assert!(
            html.contains("<label><input type=\"checkbox\" checked=\"\"> Skriv stadgar</label>")
                || html.contains("<label><input type=\"checkbox\" checked> Skriv stadgar</label>")
        );
        assert!(html.contains("Lös lista</label>"));
        assert!(!html.contains("<label><input type=\"checkbox\"> <p>"));
        assert!(!html.contains("disabled"));
        assert_eq!(
            html.matches("<label>").count(),
            html.matches("</label>").count()
        );
        assert_eq!(html.matches("<input").count(), 3);
    }

    #[test]
    fn a_checkbox_label_closes_before_a_nested_list() {
        let html = to_html("- [ ] Förbered\n  - budget\n  - plan\n", "Tabell");
        assert!(html.contains("Förbered</label>"));
        assert_eq!(html.matches("</label>").count(), 1);
    }

    #[test]
    fn repeated_headings_get_distinct_anchors() {
        let html = to_html("## Att göra\n\n## Att göra\n", "Tabell");
        assert!(html.contains("id=\"att-gora\""));
        assert!(html.contains("id=\"att-gora-2\""));
    }

    #[test]
    fn sections_list_the_second_level_headings_with_the_same_anchors() {
        let sections = sections("## Källor\n\n### Detalj\n\n## Att göra\n");
        assert_eq!(
            sections,
            vec![
                ("kallor".to_string(), "Källor".to_string()),
                ("att-gora".to_string(), "Att göra".to_string())
            ]
        );
    }
}
