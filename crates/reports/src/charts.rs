//! Accessible SVG charts drawn from figures the core already computed.
//!
//! Each chart is an inline `<svg role="img">` with a `<title>` and a `<desc>` naming what it
//! shows; the page always puts a data table next to it, which is the accessible form of the
//! data. Series are told apart by shape and pattern as well as colour (WCAG 1.4.1), and every
//! text is escaped here, since labels can come from data.

use std::fmt::Write as _;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

/// One series of a bar or line chart: a name and one value per category (`None` = no value,
/// e.g. suppressed).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(id: &str, title: &str, description: &str) -> String {
    format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" aria-labelledby=\"{id}-title {id}-desc\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    )
}

fn plot_height() -> f64 {
    HEIGHT - TOP - BOTTOM
}

fn y_of(value: f64, (min, max): (f64, f64)) -> f64 {
    let span = if max > min { max - min } else { 1.0 };
    TOP + plot_height() * (1.0 - (value - min) / span)
}

fn axis(svg: &mut String, range: (f64, f64)) {
    let (min, max) = range;
    for step in 0..=4 {
        let value = min + (max - min) * f64::from(step) / 4.0;
        let y = y_of(value, range);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            trim_number(value)
        );
    }
}

/// The value range of a chart that counts people: from zero to the multiple of four at or above
/// `max` (at least four), so that the five grid lines fall on whole numbers and no axis reads
/// "2,5 deltagare".
#[must_use]
pub fn count_range(max: f64) -> (f64, f64) {
    let step = (max.max(1.0) / 4.0).ceil();
    (0.0, step * 4.0)
}

/// The average width of a character of a 12 px label, in the chart's units.
const CHAR_WIDTH: f64 = 6.5;

/// The most lines a category label takes below the plot, above the legend.
const LABEL_LINES: usize = 2;

/// A label's words in lines that fit `width`: a long label ("Uppföljning 12 mån (n = 14)")
/// wraps instead of running into its neighbour. What does not fit in [`LABEL_LINES`] lines
/// stays on the last one; the data table beside every chart has the full label anyway. Only
/// ordinary spaces break: "n\u{a0}=\u{a0}14" stays together.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let fits = ((width / CHAR_WIDTH).floor() as usize).max(4);
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let full = lines.len() == LABEL_LINES;
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= fits || full => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A category's label centred at `x` below the plot, wrapped to the category's `width`.
fn category_label(svg: &mut String, x: f64, text: &str, width: f64) {
    let _ = write!(
        svg,
        "<text class=\"label\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">",
        HEIGHT - BOTTOM + 16.0
    );
    for (index, line) in wrap(text, width).iter().enumerate() {
        let dy = if index == 0 { "0" } else { "1.1em" };
        let _ = write!(
            svg,
            "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>",
            escape(line)
        );
    }
    svg.push_str("</text>");
}

fn trim_number(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}").replace('.', ",")
    }
}

fn legend(svg: &mut String, names: &[&str]) {
    let mut x = LEFT;
    for (index, name) in names.iter().enumerate() {
        let _ = write!(
            svg,
            "<rect class=\"series-{index}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\"/>\
             <text class=\"label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            HEIGHT - 18.0,
            x + 16.0,
            HEIGHT - 8.0,
            escape(name)
        );
        x += 28.0 + 8.0 * name.chars().count() as f64;
    }
}

/// Grouped bars: one group per category, one bar per series (e.g. before and after).
pub fn bar_chart(
    id: &str,
    title: &str,
    description: &str,
    categories: &[String],
    series: &[Series],
    range: (f64, f64),
) -> String {
    let mut svg = open(id, title, description);
    axis(&mut svg, range);
    let slot = (WIDTH - LEFT - RIGHT) / categories.len().max(1) as f64;
    let bar = (slot * 0.8) / series.len().max(1) as f64;
    for (c, category) in categories.iter().enumerate() {
        let x0 = LEFT + slot * c as f64 + slot * 0.1;
        for (s, one) in series.iter().enumerate() {
            if let Some(Some(value)) = one.values.get(c) {
                // A bar grows from zero, down for a negative value such as a loss.
                let (y, base) = (
                    y_of(*value, range),
                    y_of(0.0_f64.clamp(range.0, range.1), range),
                );
                let _ = write!(
                    svg,
                    "<rect class=\"series-{s}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                    x0 + bar * s as f64,
                    y.min(base),
                    (bar - 2.0).max(1.0),
                    (base - y).abs()
                );
            }
        }
        category_label(&mut svg, x0 + slot * 0.4, category, slot);
    }
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    legend(&mut svg, &names);
    svg.push_str("</svg>");
    svg
}

/// A line per series over the categories (e.g. the mean score at each occasion), with a marker
/// of its own shape at each point.
pub fn line_chart(
    id: &str,
    title: &str,
    description: &str,
    categories: &[String],
    series: &[Series],
    range: (f64, f64),
) -> String {
    let mut svg = open(id, title, description);
    axis(&mut svg, range);
    let slot = (WIDTH - LEFT - RIGHT) / categories.len().max(1) as f64;
    let x_of = |c: usize| LEFT + slot * (c as f64 + 0.5);
    for (c, category) in categories.iter().enumerate() {
        category_label(&mut svg, x_of(c), category, slot);
    }
    for (s, one) in series.iter().enumerate() {
        let points: Vec<String> = one
            .values
            .iter()
            .enumerate()
            .filter_map(|(c, v)| v.map(|v| format!("{:.1},{:.1}", x_of(c), y_of(v, range))))
            .collect();
        let _ = write!(
            svg,
            "<polyline class=\"line series-{s}\" fill=\"none\" points=\"{}\"/>",
            points.join(" ")
        );
        for point in &points {
            let (x, y) = point.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(
                svg,
                "<circle class=\"series-{s}\" cx=\"{x}\" cy=\"{y}\" r=\"4\"/>"
            );
        }
    }
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    legend(&mut svg, &names);
    svg.push_str("</svg>");
    svg
}

/// One line per person from the score before to the score after; lines that go up, down or
/// stay level are drawn solid, dashed and dotted so the direction does not rest on colour.
pub fn slope_chart(
    id: &str,
    title: &str,
    description: &str,
    labels: (&str, &str),
    pairs: &[(f64, f64)],
    range: (f64, f64),
    higher_is_better: bool,
) -> String {
    let mut svg = open(id, title, description);
    axis(&mut svg, range);
    let x_before = LEFT + 80.0;
    let x_after = WIDTH - RIGHT - 80.0;
    for (before, after) in pairs {
        let better = if higher_is_better {
            after > before
        } else {
            after < before
        };
        let class = if (after - before).abs() < 1e-9 {
            "slope-same"
        } else if better {
            "slope-better"
        } else {
            "slope-worse"
        };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{x_before:.1}\" y1=\"{:.1}\" x2=\"{x_after:.1}\" y2=\"{:.1}\"/>",
            y_of(*before, range),
            y_of(*after, range)
        );
    }
    for (x, label) in [(x_before, labels.0), (x_after, labels.1)] {
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            HEIGHT - BOTTOM + 16.0,
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_image_named_by_its_title_and_description() {
        let svg = bar_chart(
            "d",
            "Fördelning <före>",
            "Antal per poängband",
            &["0–20".into()],
            &[Series {
                name: "Före".into(),
                values: vec![Some(3.0)],
            }],
            (0.0, 5.0),
        );
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"d-title d-desc\""));
        assert!(svg.contains("<title id=\"d-title\">Fördelning &lt;före&gt;</title>"));
        assert!(svg.contains("<rect class=\"series-0\""));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn a_count_axis_has_whole_numbers_on_every_grid_line() {
        for max in [0.0, 1.0, 3.0, 5.0, 7.0, 13.0, 250.0] {
            let (low, high) = count_range(max);
            assert_eq!(low, 0.0);
            assert!(high >= max.max(1.0));
            for step in 0..=4 {
                let tick = high * f64::from(step) / 4.0;
                assert_eq!(tick, tick.round(), "tick {tick} of {max}");
            }
        }
        let svg = bar_chart(
            "d",
            "Antal",
            "Antal deltagare",
            &["0–20".into()],
            &[Series {
                name: "Före".into(),
                values: vec![Some(5.0)],
            }],
            count_range(5.0),
        );
        assert!(!svg.contains(','), "no tick is a decimal: {svg}");
    }

    #[test]
    fn long_category_labels_wrap_inside_their_slot_instead_of_overlapping() {
        let labels: Vec<String> = [
            "Vid start (n\u{a0}=\u{a0}14)",
            "Uppföljning 3 mån (n\u{a0}=\u{a0}12)",
            "Vid avslut (n\u{a0}=\u{a0}11)",
            "Uppföljning 12 mån (n\u{a0}=\u{a0}9)",
            "Uppföljning 24 mån (n\u{a0}=\u{a0}7)",
            "Uppföljning 36 mån (n\u{a0}=\u{a0}5)",
        ]
        .map(String::from)
        .to_vec();
        let svg = line_chart(
            "t",
            "Trend",
            "Medelvärde",
            &labels,
            &[Series {
                name: "WHO-5".into(),
                values: vec![Some(40.0); 6],
            }],
            (0.0, 100.0),
        );
        let slot = (WIDTH - LEFT - RIGHT) / 6.0;
        for line in svg.split("<tspan").skip(1) {
            let text = &line[line.find('>').unwrap() + 1..line.find("</tspan>").unwrap()];
            assert!(
                text.chars().count() as f64 * CHAR_WIDTH <= slot,
                "{text:?} is wider than its slot of {slot}"
            );
        }
        assert!(svg.contains(">(n\u{a0}=\u{a0}14)</tspan>"));
        assert_eq!(wrap("a b c d e f g h", 26.0).len(), LABEL_LINES);
    }

    #[test]
    fn suppressed_values_draw_nothing() {
        let svg = line_chart(
            "t",
            "Trend",
            "Medelvärde per tillfälle",
            &["Start".into(), "Avslut".into()],
            &[Series {
                name: "WHO-5".into(),
                values: vec![Some(40.0), None],
            }],
            (0.0, 100.0),
        );
        assert_eq!(svg.matches("<circle").count(), 1);
    }

    #[test]
    fn slopes_are_told_apart_by_line_style_as_well_as_colour() {
        let svg = slope_chart(
            "s",
            "Per person",
            "Före och efter",
            ("Start", "Avslut"),
            &[(40.0, 60.0), (50.0, 50.0), (60.0, 30.0)],
            (0.0, 100.0),
            true,
        );
        assert!(svg.contains("slope-better"));
        assert!(svg.contains("slope-same"));
        assert!(svg.contains("slope-worse"));
    }
}
