//! Code frequencies by group: grouped horizontal bars, one block of bars per code.
//!
//! A bar is the share of a group's respondents who raised the code (respondents with at least
//! one segment of the code, divided by the respondents in the group), so groups of different
//! sizes can be compared; the count itself (`3/11`) stands at the end of each bar. Codes are
//! rows with their full label on the left, wrapped over lines rather than cut or rotated, so
//! long Dutch labels stay readable at thesis width. Colours are Okabe–Ito, one per group, with
//! the group size in the legend.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{code_labels, draw_note, err, label_style, style, Area};
use super::font;
use super::heatmap::{text_width, wrap};
use super::OKABE_ITO;

/// What the grouped bar chart shows. Filled from the analysis' `code_by_<attribute>` counts
/// (or, until those exist, from [`super::from_study::group_bars`]); texts in the project language.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupBars {
    /// Attribute the groups are values of (`role`), for the file name.
    pub attribute: String,
    /// (code id, label shown), top to bottom.
    pub codes: Vec<(String, String)>,
    /// Per code: whether its label is set in bold (top-level codes, so the tree shows).
    /// Shorter than `codes` (e.g. empty) means the rest are not bold.
    pub emphasis: Vec<bool>,
    /// Group values, in legend order.
    pub groups: Vec<String>,
    /// `values[code][group]`: respondents of the group who raised the code.
    pub values: Vec<Vec<u32>>,
    /// Respondents per group (the denominators).
    pub ns: Vec<u32>,
    pub title: String,
    /// Axis text under the bars.
    pub x_desc: String,
    /// Definition printed under the figure.
    pub note: String,
}

const MARGIN: i32 = 12;
const LABEL_SIZE: f64 = 13.0;
const SMALL_SIZE: f64 = 11.5;
const BAR: i32 = 8;
/// Size of the counts at the bar ends (plotters size; 8.1 px in the SVG, 6 pt at 16 cm).
const COUNT_SIZE: f64 = 10.0;
const LINE: i32 = 14;
/// Widest a code label may be before it wraps.
const MAX_LABEL_W: i32 = 210;

/// Where everything goes: computed once, before anything is drawn.
struct Layout {
    width: i32,
    labels: Vec<Vec<String>>,
    plot_x: i32,
    plot_w: i32,
    colours: Vec<RGBColor>,
    legend: Vec<String>,
    legend_rows: Vec<Vec<(usize, i32)>>,
    legend_y: i32,
    plot_y: i32,
    axis_y: i32,
    note_lines: Vec<String>,
    height: i32,
}

impl Layout {
    fn new(data: &GroupBars) -> Result<Self, String> {
        let width = super::WIDTH as i32;
        let (labels, label_w) = code_labels(&data.codes, &data.emphasis, MAX_LABEL_W, LABEL_SIZE);
        let count_w = text_width("999/999", COUNT_SIZE) + 6;
        let plot_x = MARGIN + label_w + 10;
        let plot_w = width - plot_x - MARGIN - count_w;
        if plot_w < 100 {
            return Err("too little room for the bars".into());
        }
        let colours =
            (0..data.groups.len()).map(|g| OKABE_ITO[g % OKABE_ITO.len()]).map(|(r, g, b)| RGBColor(r, g, b)).collect();
        let legend: Vec<String> = data.groups.iter().zip(&data.ns).map(|(g, n)| format!("{g} (n = {n})")).collect();
        let legend_rows = legend_layout(&legend, width - 2 * MARGIN);
        let title_h = 30;
        let legend_y = title_h + 4;
        let plot_y = legend_y + legend_rows.len() as i32 * LINE + 12;
        let mut layout = Self {
            width,
            labels,
            plot_x,
            plot_w,
            colours,
            legend,
            legend_rows,
            legend_y,
            plot_y,
            axis_y: 0,
            note_lines: wrap(&data.note, width - 2 * MARGIN, 12.0),
            height: 0,
        };
        let blocks_h: i32 = (0..data.codes.len()).map(|k| layout.block(data, k)).sum();
        layout.axis_y = plot_y + blocks_h + 2;
        layout.height = layout.axis_y + 18 + LINE + 10 + layout.note_lines.len() as i32 * LINE + MARGIN;
        Ok(layout)
    }

    /// Height of the block of one code: its bars or its label lines, whichever is taller.
    fn block(&self, data: &GroupBars, k: usize) -> i32 {
        (data.groups.len() as i32 * BAR).max(self.labels[k].len() as i32 * LINE) + 4
    }

    /// The x position of a share (0..=1) of the plot width.
    fn x_of(&self, share: f64) -> i32 {
        self.plot_x + (share * self.plot_w as f64).round() as i32
    }
}

/// Checks that the shapes of the data agree.
fn check_shapes(data: &GroupBars) -> Result<(), String> {
    if data.values.len() != data.codes.len()
        || data.ns.len() != data.groups.len()
        || data.values.iter().any(|row| row.len() != data.groups.len())
    {
        return Err(format!(
            "group bars for {}: {} codes, {} groups and {} group sizes do not match the {} rows of values",
            data.attribute,
            data.codes.len(),
            data.groups.len(),
            data.ns.len(),
            data.values.len()
        ));
    }
    Ok(())
}

/// Draws the chart as an SVG document.
pub fn group_bars_svg(data: &GroupBars) -> Result<String, String> {
    font::register();
    check_shapes(data)?;
    let layout = Layout::new(data)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (layout.width as u32, layout.height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        root.draw(&Text::new(data.title.clone(), (MARGIN, 8), style(17.0, HPos::Left, VPos::Top))).map_err(err)?;
        draw_legend(&root, &layout)?;
        draw_axis(&root, data, &layout)?;
        let mut y = layout.plot_y;
        for k in 0..data.codes.len() {
            draw_code(&root, data, &layout, k, y)?;
            y += layout.block(data, k);
        }
        draw_note(&root, &layout.note_lines, (MARGIN, layout.axis_y + 18 + LINE + 10), LINE)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The coloured squares and group names (with their sizes) under the title.
fn draw_legend(root: &Area, layout: &Layout) -> Result<(), String> {
    for (r, row) in layout.legend_rows.iter().enumerate() {
        for &(g, x) in row {
            let y = layout.legend_y + r as i32 * LINE + LINE / 2;
            root.draw(&Rectangle::new([(MARGIN + x, y - 5), (MARGIN + x + 10, y + 5)], layout.colours[g].filled()))
                .map_err(err)?;
            root.draw(&Text::new(
                layout.legend[g].clone(),
                (MARGIN + x + 14, y),
                style(SMALL_SIZE, HPos::Left, VPos::Center),
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}

/// Grid lines at 0, 25, 50, 75 and 100 % with their labels, and the axis text.
fn draw_axis(root: &Area, data: &GroupBars, layout: &Layout) -> Result<(), String> {
    let (plot_y, axis_y) = (layout.plot_y, layout.axis_y);
    for k in 0..=4 {
        let x = layout.x_of(k as f64 / 4.0);
        let colour = if k == 0 { RGBColor(120, 120, 120) } else { RGBColor(225, 225, 225) };
        root.draw(&PathElement::new(vec![(x, plot_y - 4), (x, axis_y)], colour.stroke_width(1))).map_err(err)?;
        root.draw(&Text::new(format!("{}%", k * 25), (x, axis_y + 4), style(SMALL_SIZE, HPos::Center, VPos::Top)))
            .map_err(err)?;
    }
    let x_desc = (layout.plot_x + layout.plot_w / 2, axis_y + 18);
    root.draw(&Text::new(data.x_desc.clone(), x_desc, style(12.0, HPos::Center, VPos::Top))).map_err(err)?;
    Ok(())
}

/// One code's block at height `y`: a shaded background on every other code, the label, and a
/// bar per group with its count.
fn draw_code(root: &Area, data: &GroupBars, layout: &Layout, k: usize, y: i32) -> Result<(), String> {
    let h = layout.block(data, k);
    let width = layout.width;
    if k % 2 == 1 {
        root.draw(&Rectangle::new([(MARGIN, y), (width - MARGIN, y + h)], RGBColor(246, 246, 246).filled()))
            .map_err(err)?;
    }
    let lines = &layout.labels[k];
    let text_h = lines.len() as i32 * LINE;
    let bold = data.emphasis.get(k).copied().unwrap_or(false);
    for (i, line) in lines.iter().enumerate() {
        let ly = y + (h - text_h) / 2 + i as i32 * LINE + LINE / 2;
        root.draw(&Text::new(line.clone(), (layout.plot_x - 8, ly), label_style(LABEL_SIZE, bold))).map_err(err)?;
    }
    let bars_y = y + (h - data.groups.len() as i32 * BAR) / 2;
    for (g, colour) in layout.colours.iter().enumerate() {
        let value = data.values[k][g];
        let n = data.ns[g];
        let share = if n == 0 { 0.0 } else { (value as f64 / n as f64).min(1.0) };
        let by = bars_y + g as i32 * BAR;
        if value > 0 {
            let right = layout.x_of(share).max(layout.plot_x + 1);
            root.draw(&Rectangle::new([(layout.plot_x, by), (right, by + BAR - 1)], colour.filled())).map_err(err)?;
        }
        root.draw(&Text::new(
            format!("{value}/{n}"),
            (layout.x_of(share) + 3, by + BAR / 2),
            style(COUNT_SIZE, HPos::Left, VPos::Center).color(&RGBColor(50, 50, 50)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// Places legend entries left to right, starting a new row when the next would not fit:
/// for each row, (group, x offset).
fn legend_layout(entries: &[String], width: i32) -> Vec<Vec<(usize, i32)>> {
    let mut rows: Vec<Vec<(usize, i32)>> = vec![Vec::new()];
    let mut x = 0;
    for (g, entry) in entries.iter().enumerate() {
        let w = 14 + text_width(entry, SMALL_SIZE) + 18;
        if x > 0 && x + w > width {
            rows.push(Vec::new());
            x = 0;
        }
        rows.last_mut().expect("one row at least").push((g, x));
        x += w;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> GroupBars {
        GroupBars {
            attribute: "role".into(),
            emphasis: vec![true],
            codes: vec![
                (
                    "a".into(),
                    "Gedeelde verantwoordelijkheid voor de cliënt met een licht verstandelijke beperking".into(),
                ),
                ("b".into(), "Urgentie".into()),
            ],
            groups: vec!["expert".into(), "professional".into()],
            values: vec![vec![1, 7], vec![0, 11]],
            ns: vec![3, 11],
            title: "Codes per rol".into(),
            x_desc: "Respondenten van de groep (%)".into(),
            note: "Aandeel respondenten".into(),
        }
    }

    #[test]
    fn long_labels_wrap_and_every_count_is_written() {
        let svg = group_bars_svg(&example()).unwrap();
        // The 80-character label is broken over lines, none of which is wider than the limit.
        assert!(!svg.contains("Gedeelde verantwoordelijkheid voor de cliënt met een licht verstandelijke beperking"));
        assert!(svg.contains("Gedeelde verantwoordelijkheid"));
        for count in ["1/3", "7/11", "0/3", "11/11"] {
            assert!(svg.contains(&format!("\n{count}\n</text>")), "{count} missing");
        }
        assert!(svg.contains("expert (n = 3)") && svg.contains("professional (n = 11)"));
    }

    #[test]
    fn bar_lengths_are_shares_of_the_group() {
        let svg = group_bars_svg(&example()).unwrap();
        // 11 of 11 professionals: a bar over the full plot width; 7 of 11: 7/11 of it.
        let widths: Vec<f64> = svg
            .lines()
            .filter(|l| l.starts_with("<rect") && l.contains("height=\"7\""))
            .filter_map(|l| l.split("width=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        let full = widths.iter().cloned().fold(0.0, f64::max);
        assert!(widths.iter().any(|w| (w / full - 7.0 / 11.0).abs() < 0.01), "{widths:?}");
        assert!(widths.iter().any(|w| (w / full - 1.0 / 3.0).abs() < 0.01), "{widths:?}");
    }

    #[test]
    fn mismatched_shapes_are_an_error_not_a_panic() {
        let mut bars = example();
        bars.values[1].pop();
        assert!(group_bars_svg(&bars).is_err());
    }

    #[test]
    fn legend_wraps_when_groups_do_not_fit() {
        let entries: Vec<String> = (0..8).map(|i| format!("domein buiten de zorg {i} (n = 11)")).collect();
        let rows = legend_layout(&entries, 580);
        assert!(rows.len() > 1);
        assert_eq!(rows.iter().map(|r| r.len()).sum::<usize>(), 8);
    }
}
