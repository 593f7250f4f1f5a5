//! The saturation curve: distinct codes after each interview, in interview order, against the
//! band of random orders.
//!
//! The grey band is the 2.5–97.5 percentile range of the cumulative count over random
//! orders, the dashed line their mean, and the blue line with dots the interview order itself.
//! A vertical line marks the saturation point when one is given; which criterion finds it is
//! the caller's choice (the run uses Francis et al.'s rule,
//! [`crate::analysis::saturation_criteria::francis_point`], with the `[analysis]` settings).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use plotters::coord::types::{RangedCoordf64, RangedCoordi32};

use super::draw::{err, Area};
use super::font::{self, FONT_FAMILY};
use super::interview_axis;
use super::OKABE_ITO;
use crate::analysis::saturation::Saturation;
use crate::render::Language;

/// Where saturation is reached, as the figure marks it.
#[derive(Debug, Clone, PartialEq)]
pub struct SaturationMarker {
    /// 1-based position in interview order.
    pub position: usize,
    /// Text next to the line, e.g. "Saturatiepunt (13)".
    pub label: String,
}

/// Draws the saturation curve as an SVG document, without a saturation marker.
pub fn saturation_svg(sat: &Saturation, language: Language) -> Result<String, String> {
    saturation_svg_marked(sat, language, None)
}

/// The words of the figure: title, x and y axis, and the three legend entries.
struct Words {
    title: &'static str,
    x_desc: &'static str,
    y_desc: &'static str,
    observed: &'static str,
    mean: &'static str,
    band: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::Nl => Words {
            title: "Saturatie: verschillende codes na elk interview",
            x_desc: "Interview (in volgorde van afname)",
            y_desc: "Aantal verschillende codes",
            observed: "Volgorde van afname",
            mean: "Gemiddelde van willekeurige volgordes",
            band: "95%-band willekeurige volgordes",
        },
        Language::En => Words {
            title: "Saturation: distinct codes after each interview",
            x_desc: "Interview (in interview order)",
            y_desc: "Number of distinct codes",
            observed: "Interview order",
            mean: "Mean of random orders",
            band: "95% band of random orders",
        },
    }
}

/// The x and y axis texts, for figures that draw the same curve (per group).
pub fn axis_words(language: Language) -> (&'static str, &'static str) {
    let w = words(language);
    (w.x_desc, w.y_desc)
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordi32, RangedCoordf64>>;

fn colour(k: usize) -> RGBColor {
    RGBColor(OKABE_ITO[k].0, OKABE_ITO[k].1, OKABE_ITO[k].2)
}

/// Draws the saturation curve, with a vertical line at the saturation point if one is given.
pub fn saturation_svg_marked(
    sat: &Saturation,
    language: Language,
    marker: Option<&SaturationMarker>,
) -> Result<String, String> {
    font::register();
    let words = words(language);
    let n = sat.documents.len() as i32;
    let y_max = sat.cumulative.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.1;
    let blue = colour(0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (super::WIDTH, 400)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(words.title, (FONT_FAMILY, 15))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(52)
            .build_cartesian_2d(0i32..n + 1, 0f64..y_max)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(words.x_desc)
            .y_desc(words.y_desc)
            .x_labels(interview_axis::label_count(n, 12))
            .x_label_formatter(&|x| if *x >= 1 && *x <= n { x.to_string() } else { String::new() })
            // Codes are counted in whole numbers: at most one label per integer (a small study's
            // axis read 0, 0, 1, 2, 2 with a label every 0.5), and none between integers.
            .y_labels((y_max.floor() as usize + 1).min(11))
            .y_label_formatter(&|y| if (y - y.round()).abs() < 1e-9 { format!("{y:.0}") } else { String::new() })
            .label_style((FONT_FAMILY, 11))
            .axis_desc_style((FONT_FAMILY, 12))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(230, 230, 230))
            .draw()
            .map_err(err)?;
        draw_band(&mut chart, sat, &words)?;
        let line: Vec<(i32, f64)> = (0..n).map(|i| (i + 1, sat.cumulative[i as usize] as f64)).collect();
        chart
            .draw_series(LineSeries::new(line.clone(), blue.stroke_width(2)))
            .map_err(err)?
            .label(words.observed)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], blue.stroke_width(2)));
        if interview_axis::dots(n) {
            chart.draw_series(line.iter().map(|&p| Circle::new(p, 3, blue.filled()))).map_err(err)?;
        }
        if let Some(m) = marker.filter(|m| m.position >= 1 && m.position <= n as usize) {
            draw_marker(&root, &mut chart, m, n, y_max)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .label_font((FONT_FAMILY, 11))
            .background_style(WHITE)
            .border_style(RGBColor(180, 180, 180))
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The grey band of random orders and their dashed mean, when permutations were computed.
fn draw_band(chart: &mut Chart, sat: &Saturation, words: &Words) -> Result<(), String> {
    if sat.perm_lo.is_empty() {
        return Ok(());
    }
    let n = sat.documents.len() as i32;
    let orange = colour(1);
    let mut points: Vec<(i32, f64)> = (0..n).map(|i| (i + 1, sat.perm_lo[i as usize])).collect();
    points.extend((0..n).rev().map(|i| (i + 1, sat.perm_hi[i as usize])));
    chart
        .draw_series(std::iter::once(Polygon::new(points, RGBColor(200, 200, 200).mix(0.6).filled())))
        .map_err(err)?
        .label(words.band)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], RGBColor(200, 200, 200).filled()));
    let mean = (0..n).map(|i| (i + 1, sat.perm_mean[i as usize]));
    chart
        .draw_series(DashedLineSeries::new(mean, 5, 4, orange.stroke_width(2)))
        .map_err(err)?
        .label(words.mean)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], orange.stroke_width(2)));
    Ok(())
}

/// The dashed vertical line at the saturation point and its label.
fn draw_marker(root: &Area, chart: &mut Chart, m: &SaturationMarker, n: i32, y_max: f64) -> Result<(), String> {
    let x = m.position as i32;
    let vermillion = colour(5);
    chart
        .draw_series(DashedLineSeries::new(vec![(x, 0.0), (x, y_max * 0.93)], 4, 3, vermillion.stroke_width(2)))
        .map_err(err)?;
    // The label stands left of the line when the line is in the right half, so it is never
    // cut at the plot edge.
    let right_half = x * 2 > n;
    let anchor = if right_half { HPos::Right } else { HPos::Left };
    let dx = if right_half { -4 } else { 4 };
    let (px, py) = chart.backend_coord(&(x, y_max * 0.965));
    root.draw(&Text::new(
        m.label.clone(),
        (px + dx, py),
        TextStyle::from((FONT_FAMILY, 11).into_font()).color(&vermillion).pos(Pos::new(anchor, VPos::Center)),
    ))
    .map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_in_both_languages() {
        let sat = Saturation {
            documents: vec!["D1".into(), "D2".into()],
            new_codes: vec![3, 1],
            cumulative: vec![3, 4],
            perm_mean: vec![3.2, 4.0],
            perm_lo: vec![3.0, 4.0],
            perm_hi: vec![4.0, 4.0],
            permutations: 10,
            left_out: vec![],
        };
        let nl = saturation_svg(&sat, Language::Nl).unwrap();
        assert!(nl.contains("Aantal verschillende codes") && nl.contains("Volgorde van afname"));
        let en = saturation_svg(&sat, Language::En).unwrap();
        assert!(en.contains("Number of distinct codes"));
        assert!(super::super::svg_to_png(&en).unwrap().starts_with(b"\x89PNG"));
    }

    #[test]
    fn marker_is_drawn_with_its_label() {
        let sat = Saturation {
            documents: (1..=4).map(|i| format!("D{i}")).collect(),
            new_codes: vec![3, 1, 0, 0],
            cumulative: vec![3, 4, 4, 4],
            perm_mean: vec![],
            perm_lo: vec![],
            perm_hi: vec![],
            permutations: 0,
            left_out: vec![],
        };
        let marker = SaturationMarker { position: 2, label: "Saturatiepunt (2)".into() };
        let svg = saturation_svg_marked(&sat, Language::Nl, Some(&marker)).unwrap();
        assert!(svg.contains("Saturatiepunt (2)"));
        assert!(!saturation_svg(&sat, Language::Nl).unwrap().contains("Saturatiepunt"));
    }

    /// 500 interviews: the x axis is numbered in steps of 50 (plotters' rule with 12 labels
    /// asked for over 0..501: steps of 20 give 26 points, of 50 give 11), not per interview,
    /// and the curve has no dots; a study of 4 still numbers and dots every interview.
    #[test]
    fn a_large_study_gets_a_readable_axis_and_a_curve_without_dots() {
        let n = 500;
        let sat = Saturation {
            documents: (1..=n).map(|i| format!("D{i}")).collect(),
            new_codes: (0..n).map(|i| usize::from(i < 5)).collect(),
            cumulative: (0..n).map(|i| (i + 1).min(5)).collect(),
            perm_mean: vec![],
            perm_lo: vec![],
            perm_hi: vec![],
            permutations: 0,
            left_out: vec![],
        };
        let svg: String = saturation_svg(&sat, Language::En).unwrap().lines().map(str::trim).collect();
        let label = |x: usize| svg.contains(&format!(">{x}</text>"));
        assert!((1..=10).all(|k| label(50 * k)), "{svg}");
        assert!(!label(7) && !label(51) && !label(499));
        assert!(!svg.contains("<circle"));
        // Grid lines: the 11 x key points and the y axis's 6 (0 to 5), not one per interview.
        assert!(svg.matches("stroke=\"#E6E6E6\"").count() <= 17, "{svg}");
        let small = Saturation { documents: sat.documents[..4].to_vec(), cumulative: vec![1, 2, 3, 4], ..sat };
        let svg: String = saturation_svg(&small, Language::En).unwrap().lines().map(str::trim).collect();
        assert_eq!(svg.matches("<circle").count(), 4);
    }

    #[test]
    fn y_ticks_are_whole_numbers_each_once() {
        // 1, 2, 2, 3 codes: y runs to 3.3, so the labels are 0, 1, 2, 3 — "0" once (the x axis
        // has no 0), "3" twice (y 3 and x 3); before, 0.5 steps printed 0, 0, 1, 2, 2, 2, 3.
        let sat = Saturation {
            documents: (1..=4).map(|i| format!("D{i}")).collect(),
            new_codes: vec![1, 1, 0, 1],
            cumulative: vec![1, 2, 2, 3],
            perm_mean: vec![],
            perm_lo: vec![],
            perm_hi: vec![],
            permutations: 0,
            left_out: vec![],
        };
        let svg: String = saturation_svg(&sat, Language::En).unwrap().lines().map(str::trim).collect();
        let count = |label: &str| svg.matches(&format!(">{label}</text>")).count();
        assert_eq!((count("0"), count("1"), count("2"), count("3")), (1, 2, 2, 2), "{svg}");
    }
}
