//! One measured figure per metric, its budget and verdict, printed as
//! `metric value unit ratio budget PASS|FAIL` and written as a Markdown table.
//!
//! Budgets come from issue 11 and are never adjusted to a result: a budget
//! this machine cannot meet shows FAIL next to the figure that proves it.

use std::fmt::Write as _;

/// What a metric's budget is checked against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Budget {
    /// The value must be at most this.
    ValueAtMost(f64),
    /// The ratio must be at most this.
    RatioAtMost(f64),
    /// The ratio must be at least this.
    RatioAtLeast(f64),
    /// No budget: the figure is reported (req/s, hash cost).
    Report,
}

/// A measured figure, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Measured(f64),
    /// The row cannot be measured yet (e.g. `export missing`).
    NotAvailable(String),
    /// The row ran and failed; the error is the note.
    Error(String),
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// Row letter from the table (a–j; k is issue 15's scale-out).
    pub row: char,
    /// No spaces: the printed line is split on whitespace.
    pub name: String,
    pub value: Value,
    pub unit: &'static str,
    pub ratio: Option<f64>,
    pub budget: Budget,
    /// How it was measured and anything that qualifies the figure.
    pub note: String,
}

/// The outcome of checking a metric against its budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Reported without a budget.
    Report,
    NotAvailable(String),
    Error,
}

impl Metric {
    /// A measured metric with an empty note.
    pub fn new(row: char, name: &str, value: f64, unit: &'static str, budget: Budget) -> Metric {
        Metric {
            row,
            name: name.to_string(),
            value: Value::Measured(value),
            unit,
            ratio: None,
            budget,
            note: String::new(),
        }
    }

    pub fn with_ratio(mut self, ratio: f64) -> Metric {
        self.ratio = Some(ratio);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Metric {
        self.note = note.into();
        self
    }

    /// A metric whose row could not run, with the reason.
    pub fn unavailable(
        row: char,
        name: &str,
        unit: &'static str,
        budget: Budget,
        why: &str,
    ) -> Metric {
        Metric {
            value: Value::NotAvailable(why.to_string()),
            ..Metric::new(row, name, 0.0, unit, budget)
        }
    }

    /// A metric whose row failed, with the error.
    pub fn failed(
        row: char,
        name: &str,
        unit: &'static str,
        budget: Budget,
        error: &str,
    ) -> Metric {
        Metric {
            value: Value::Error(error.to_string()),
            ..Metric::new(row, name, 0.0, unit, budget)
        }
    }

    pub fn verdict(&self) -> Verdict {
        let value = match &self.value {
            Value::Measured(v) => *v,
            Value::NotAvailable(why) => return Verdict::NotAvailable(why.clone()),
            Value::Error(_) => return Verdict::Error,
        };
        let ok = match (self.budget, self.ratio) {
            (Budget::Report, _) => return Verdict::Report,
            (Budget::ValueAtMost(max), _) => value <= max,
            (Budget::RatioAtMost(max), Some(r)) => r <= max,
            (Budget::RatioAtLeast(min), Some(r)) => r >= min,
            (_, None) => return Verdict::Error,
        };
        if ok {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    }

    /// `metric value unit ratio budget verdict`, fields separated by spaces.
    pub fn line(&self) -> String {
        let (value, unit) = match &self.value {
            Value::Measured(v) => (number(*v), self.unit),
            Value::NotAvailable(_) | Value::Error(_) => ("n/a".to_string(), "-"),
        };
        let ratio = self.ratio.map_or("-".to_string(), |r| format!("{r:.2}"));
        format!(
            "{} {value} {unit} {ratio} {} {}",
            self.name,
            budget_text(self.budget, self.unit),
            verdict_text(&self.verdict())
        )
    }
}

/// Figures with sensible precision: 3 significant-ish digits below 100.
pub fn number(v: f64) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn budget_text(budget: Budget, unit: &str) -> String {
    match budget {
        Budget::ValueAtMost(max) => format!("<={}{unit}", number(max)),
        Budget::RatioAtMost(max) => format!("ratio<={max:.2}"),
        Budget::RatioAtLeast(min) => format!("ratio>={min:.2}"),
        Budget::Report => "-".to_string(),
    }
}

fn verdict_text(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Pass => "PASS".to_string(),
        Verdict::Fail => "FAIL".to_string(),
        Verdict::Report => "-".to_string(),
        Verdict::NotAvailable(why) => format!("n/a ({why})"),
        Verdict::Error => "ERROR".to_string(),
    }
}

/// The Markdown table of all metrics, notes and errors included.
pub fn markdown_table(metrics: &[Metric]) -> String {
    let mut out = String::from(
        "| row | metric | value | unit | ratio | budget | verdict | how / notes |\n\
         |---|---|---:|---|---:|---|---|---|\n",
    );
    for m in metrics {
        let value = match &m.value {
            Value::Measured(v) => number(*v),
            Value::NotAvailable(_) | Value::Error(_) => "n/a".to_string(),
        };
        let note = match &m.value {
            Value::Error(e) if m.note.is_empty() => format!("error: {e}"),
            Value::Error(e) => format!("error: {e}; {}", m.note),
            _ => m.note.clone(),
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {value} | {} | {} | {} | {} | {} |",
            m.row,
            m.name,
            m.unit,
            m.ratio.map_or("-".to_string(), |r| format!("{r:.2}")),
            budget_text(m.budget, m.unit)
                .replace("<=", "≤ ")
                .replace(">=", "≥ "),
            verdict_text(&m.verdict()),
            note.replace('|', "\\|").replace('\n', " ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_have_six_fields_and_the_verdict() {
        let m = Metric::new(
            'a',
            "first_screen_gzip",
            360.2,
            "KB",
            Budget::ValueAtMost(200.0),
        );
        assert_eq!(m.line(), "first_screen_gzip 360 KB - <=200KB FAIL");
        let m = Metric::new('d', "pbkdf2_600k", 210.0, "ms", Budget::RatioAtMost(1.10))
            .with_ratio(1.04);
        assert_eq!(m.line(), "pbkdf2_600k 210 ms 1.04 ratio<=1.10 PASS");
        let m = Metric::new(
            'g',
            "sync_100k_sqlite",
            850.5,
            "rows/s",
            Budget::RatioAtLeast(0.5),
        )
        .with_ratio(0.12);
        assert_eq!(m.verdict(), Verdict::Fail);
        assert_eq!(m.line().split(' ').count(), 6);
    }

    #[test]
    fn missing_export_and_errors_are_not_figures() {
        let m = Metric::unavailable(
            'e',
            "argon2id",
            "ms",
            Budget::RatioAtMost(1.0),
            "export missing",
        );
        assert_eq!(
            m.line(),
            "argon2id n/a - - ratio<=1.00 n/a (export missing)"
        );
        let m = Metric::failed(
            'h',
            "sync_endpoint_p99",
            "ms",
            Budget::ValueAtMost(50.0),
            "refused",
        );
        assert_eq!(m.verdict(), Verdict::Error);
        assert!(markdown_table(&[m]).contains("error: refused"));
        let m = Metric::new('j', "login", 41.0, "req/s", Budget::Report);
        assert_eq!(m.line(), "login 41 req/s - - -");
    }

    #[test]
    fn a_ratio_budget_without_a_ratio_is_an_error_not_a_pass() {
        let m = Metric::new('d', "pbkdf2", 1.0, "ms", Budget::RatioAtLeast(0.5));
        assert_eq!(m.verdict(), Verdict::Error);
    }

    #[test]
    fn numbers_keep_a_useful_precision() {
        assert_eq!(number(1234.56), "1235");
        assert_eq!(number(42.0), "42");
        assert_eq!(number(12.345), "12.3");
        assert_eq!(number(1.2345), "1.23");
    }

    #[test]
    fn markdown_escapes_pipes_in_notes() {
        let m = Metric::new('b', "wire", 964.0, "KB", Budget::ValueAtMost(180.0)).with_note("a|b");
        let table = markdown_table(&[m]);
        assert!(
            table.contains("| b | `wire` | 964 | KB | - | ≤ 180KB | FAIL | a\\|b |"),
            "{table}"
        );
    }
}
