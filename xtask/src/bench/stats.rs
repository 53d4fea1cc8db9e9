//! Percentiles and medians of measured series.

use std::time::Duration;

/// The `q` quantile (0.0–1.0) of `samples` by nearest rank on the sorted
/// series; `None` for an empty series.
pub fn percentile(samples: &[Duration], q: f64) -> Option<Duration> {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let last = sorted.len().checked_sub(1)?;
    let index = ((last as f64) * q.clamp(0.0, 1.0)).round() as usize;
    sorted.get(index).copied()
}

/// The median of `samples` (mean of the middle two for an even count).
pub fn median(samples: &[Duration]) -> Option<Duration> {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[mid]),
        _ => Some((sorted[mid - 1] + sorted[mid]) / 2),
    }
}

/// Milliseconds as a float, for reports.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_by_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        assert_eq!(percentile(&samples, 0.5), Some(Duration::from_millis(51)));
        assert_eq!(percentile(&samples, 0.99), Some(Duration::from_millis(99)));
        assert_eq!(percentile(&samples, 1.0), Some(Duration::from_millis(100)));
        assert_eq!(percentile(&samples, 0.0), Some(Duration::from_millis(1)));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn median_of_odd_and_even_series() {
        let d = Duration::from_millis;
        assert_eq!(median(&[d(5), d(1), d(3)]), Some(d(3)));
        assert_eq!(
            median(&[d(4), d(1), d(3), d(2)]),
            Some(Duration::from_micros(2500))
        );
        assert_eq!(median(&[]), None);
        assert_eq!(ms(d(1500)), 1500.0);
    }
}
