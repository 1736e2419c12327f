//! Printing results: aligned tables (a state in colour only on a terminal and without
//! `NO_COLOR`), CSV with a header row, or JSON. Pure: each returns the text to print.

use std::io::IsTerminal;

/// A table: its column headings and rows of cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Headings.
    pub headers: Vec<&'static str>,
    /// Rows, as many cells as headings.
    pub rows: Vec<Vec<String>>,
}

/// Whether to colour states: stdout is a terminal and `NO_COLOR` is not set.
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

impl Table {
    /// Columns padded to their widest cell (in characters), two spaces apart, the last not
    /// padded; with `colour`, cells naming a connection state get its colour.
    pub fn aligned(&self, colour: bool) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(width) = widths.get_mut(i) {
                    *width = (*width).max(cell.chars().count());
                }
            }
        }
        let mut text = String::new();
        let headers: Vec<String> = self.headers.iter().map(|h| (*h).to_owned()).collect();
        for row in std::iter::once(&headers).chain(&self.rows) {
            let last = row.len().saturating_sub(1);
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let width = widths.get(i).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count());
                line.push_str(&painted(cell, colour));
                if i < last {
                    line.push_str(&" ".repeat(pad + 2));
                }
            }
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text
    }

    /// CSV with the headings as the first row.
    pub fn csv(&self) -> Result<String, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&self.headers)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// `cell` in its state's colour when it is a state and `colour` is on.
fn painted(cell: &str, colour: bool) -> String {
    let code = match cell {
        _ if !colour => None,
        "Pending" => Some("33"),
        "Approved" | "succeeded" => Some("32"),
        "Rejected" | "Disconnected" | "failed" | "critical" => Some("31"),
        _ => None,
    };
    match code {
        Some(code) => format!("\u{1b}[{code}m{cell}\u{1b}[0m"),
        None => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            headers: vec!["NAME", "STATE", "AGE"],
            rows: vec![
                vec!["pe-a".into(), "Pending".into(), "3 h".into()],
                vec!["pe-longer-name".into(), "Approved".into(), "".into()],
            ],
        }
    }

    #[test]
    fn columns_line_up_and_lines_end_without_spaces() {
        let text = table().aligned(false);
        assert_eq!(
            text,
            "NAME            STATE     AGE\npe-a            Pending   3 h\npe-longer-name  Approved\n"
        );
    }

    #[test]
    fn states_are_coloured_only_when_asked() {
        assert!(table().aligned(true).contains("\u{1b}[33mPending\u{1b}[0m"));
        assert!(!table().aligned(false).contains('\u{1b}'));
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let mut t = table();
        t.rows[0][0] = "a, \"b\"".into();
        assert_eq!(
            t.csv().unwrap(),
            "NAME,STATE,AGE\n\"a, \"\"b\"\"\",Pending,3 h\npe-longer-name,Approved,\n"
        );
    }
}
