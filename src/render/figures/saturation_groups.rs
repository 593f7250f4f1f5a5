//! Saturation per group as small multiples: one panel per value of an `[analysis] groups`
//! attribute, each the accumulation curve of that group's interviews against the band of
//! their random orders, on a shared y axis so that the panels can be compared at a glance.
//! A dashed vertical line marks where the Francis et al. criterion finds saturation within the
//! group ([`crate::analysis::group_saturation`]).

use plotters::prelude::*;

use super::draw::err;
use super::font::FONT_FAMILY;
use super::interview_axis;
use super::OKABE_ITO;
use crate::analysis::saturation::Saturation;

/// One panel: its title (group and number of interviews), the curve and the saturation point.
pub struct Panel<'a> {
    pub title: String,
    pub curve: &'a Saturation,
    /// 1-based position of the Francis point, when reached.
    pub point: Option<usize>,
}

/// The words of the figure.
pub struct PanelWords {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub note: String,
}

/// Columns of the grid: two, or three for more than four panels.
fn columns(panels: usize) -> usize {
    if panels > 4 {
        3
    } else {
        panels.clamp(1, 2)
    }
}

/// Draws the panels as one SVG document.
pub fn group_saturation_svg(panels: &[Panel], words: &PanelWords) -> Result<String, String> {
    super::font::register();
    let cols = columns(panels.len());
    let rows = panels.len().div_ceil(cols).max(1);
    let panel_height = 210u32;
    let note = super::heatmap::wrap_styled(&words.note, super::WIDTH as i32 - 24, 11.0, false);
    let (top, bottom) = (36u32, 16 + 15 * note.len() as u32);
    let height = top + rows as u32 * panel_height + bottom;
    let y_max = panels.iter().flat_map(|p| p.curve.cumulative.iter().copied()).max().unwrap_or(0).max(1) as f64 * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (super::WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (head, rest) = root.split_vertically(top);
        head.titled(&words.title, (FONT_FAMILY, 15)).map_err(err)?;
        let (grid, foot) = rest.split_vertically(rows as u32 * panel_height);
        let areas = grid.split_evenly((rows, cols));
        for (area, panel) in areas.iter().zip(panels) {
            draw_panel(area, panel, words, y_max)?;
        }
        let note_style = TextStyle::from((FONT_FAMILY, 11).into_font()).color(&RGBColor(60, 60, 60));
        for (k, line) in note.iter().enumerate() {
            foot.draw(&Text::new(line.clone(), (12, 8 + 15 * k as i32), note_style.clone())).map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn draw_panel(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    panel: &Panel,
    words: &PanelWords,
    y_max: f64,
) -> Result<(), String> {
    let sat = panel.curve;
    let n = sat.documents.len() as i32;
    let blue = RGBColor(OKABE_ITO[0].0, OKABE_ITO[0].1, OKABE_ITO[0].2);
    let vermillion = RGBColor(OKABE_ITO[5].0, OKABE_ITO[5].1, OKABE_ITO[5].2);
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, (FONT_FAMILY, 12))
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(38)
        .build_cartesian_2d(0i32..n + 1, 0f64..y_max)
        .map_err(err)?;
    let step = (n / 8).max(1);
    chart
        .configure_mesh()
        .x_desc(words.x_desc.as_str())
        .y_desc(words.y_desc.as_str())
        .x_labels(interview_axis::label_count(n, 6))
        // A thesis study's panels number every `step`-th interview from the first; a large
        // study's get plotters' round steps (see `interview_axis`), all of them numbered.
        .x_label_formatter(&|x| {
            let numbered = n > interview_axis::EVERY_INTERVIEW_UP_TO || (*x - 1) % step == 0;
            if *x >= 1 && *x <= n && numbered {
                x.to_string()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT_FAMILY, 9))
        .axis_desc_style((FONT_FAMILY, 9))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(err)?;
    if !sat.perm_lo.is_empty() {
        let mut band: Vec<(i32, f64)> = (0..n).map(|i| (i + 1, sat.perm_lo[i as usize])).collect();
        band.extend((0..n).rev().map(|i| (i + 1, sat.perm_hi[i as usize])));
        chart
            .draw_series(std::iter::once(Polygon::new(band, RGBColor(200, 200, 200).mix(0.6).filled())))
            .map_err(err)?;
    }
    let line: Vec<(i32, f64)> = (0..n).map(|i| (i + 1, sat.cumulative[i as usize] as f64)).collect();
    chart.draw_series(LineSeries::new(line.clone(), blue.stroke_width(2))).map_err(err)?;
    if interview_axis::dots(n) {
        chart.draw_series(line.iter().map(|&p| Circle::new(p, 2, blue.filled()))).map_err(err)?;
    }
    if let Some(x) = panel.point.filter(|&p| p >= 1 && p <= n as usize) {
        let x = x as i32;
        chart
            .draw_series(DashedLineSeries::new(vec![(x, 0.0), (x, y_max * 0.95)], 4, 3, vermillion.stroke_width(2)))
            .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sat(cumulative: &[usize]) -> Saturation {
        Saturation {
            documents: (1..=cumulative.len()).map(|i| format!("D{i}")).collect(),
            new_codes: vec![0; cumulative.len()],
            cumulative: cumulative.to_vec(),
            perm_mean: vec![],
            perm_lo: vec![],
            perm_hi: vec![],
            permutations: 0,
            left_out: vec![],
        }
    }

    #[test]
    fn one_panel_per_group_with_its_title() {
        let (a, b, c) = (sat(&[2, 3, 3]), sat(&[1]), sat(&[1, 2, 4, 4, 4]));
        let panels = [
            Panel { title: "zorg (3 interviews)".into(), curve: &a, point: Some(2) },
            Panel { title: "welzijn (1 interview)".into(), curve: &b, point: None },
            Panel { title: "(onbekend) (5 interviews)".into(), curve: &c, point: None },
        ];
        let words = PanelWords {
            title: "Saturatie per groep: domein".into(),
            x_desc: "Interview".into(),
            y_desc: "Codes".into(),
            note: "Noot".into(),
        };
        let svg = group_saturation_svg(&panels, &words).unwrap();
        for t in ["zorg (3 interviews)", "welzijn (1 interview)", "(onbekend) (5 interviews)", "Saturatie per groep"] {
            assert!(svg.contains(t), "{t}");
        }
        // Two columns, two rows, a note of one line: 36 + 2·210 + 16 + 15 pixels high.
        assert!(svg.contains("height=\"487\""), "{}", &svg[..200]);
        assert_eq!(svg, group_saturation_svg(&panels, &words).unwrap(), "same input, same bytes");
        assert!(super::super::svg_to_png(&svg).unwrap().starts_with(b"\x89PNG"));
    }

    /// A group of 100 interviews: its panel is numbered in round steps (6 labels asked for over
    /// 0..101, by plotters' rule steps of 20 give 6 points, too many; of 50 give 3: 0, 50, 100),
    /// without a dot per interview; a group of 5 keeps its dots and every interview's number.
    #[test]
    fn a_large_group_gets_round_steps_and_no_dots() {
        let (large, small) = (sat(&(1..=100).map(|i| i.min(7)).collect::<Vec<_>>()), sat(&[1, 2, 4, 4, 4]));
        let words =
            PanelWords { title: "T".into(), x_desc: "Interview".into(), y_desc: "Codes".into(), note: "".into() };
        let panels = [Panel { title: "groot".into(), curve: &large, point: None }];
        let svg: String = group_saturation_svg(&panels, &words).unwrap().lines().map(str::trim).collect();
        let label = |x: usize| svg.contains(&format!(">{x}</text>"));
        assert!(label(50) && label(100), "{svg}");
        assert!(!label(13) && !label(20) && !label(99));
        assert!(!svg.contains("<circle"));
        let panels = [Panel { title: "klein".into(), curve: &small, point: None }];
        let svg = group_saturation_svg(&panels, &words).unwrap();
        assert_eq!(svg.matches("<circle").count(), 5);
    }
}
