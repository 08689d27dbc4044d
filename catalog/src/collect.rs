//! One pass over the matching documents that yields the total, the top hits and every facet's
//! counts.
//!
//! Facet counts follow "multi-select" semantics: each facet is counted with the *other* facets'
//! selections applied but not its own, so choosing ปีงบประมาณ 2563 still shows how many hits 2562
//! would give. A document that fails no facet filter is a hit and counts in every facet; one that
//! fails exactly one facet counts only in that facet; the rest are skipped. This needs no extra
//! query per facet, which keeps every keystroke to a single search.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::facets::{FacetCounts, FacetKind, Filters};
use crate::schema::names;

/// Result order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; for an empty query the same as [`Sort::Newest`].
    #[default]
    Relevance,
    /// Most recent document date first; undated documents last.
    Newest,
    /// Oldest document date first; undated documents last.
    Oldest,
}

impl Sort {
    /// Parses the URL / CLI name of a sort order.
    pub fn from_name(name: &str) -> Option<Sort> {
        match name {
            "relevance" => Some(Sort::Relevance),
            "newest" | "date" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }

    /// The URL / CLI name of this sort order.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }
}

/// A document that passed every filter, with what it is ranked by.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    pub score: Score,
    /// Days since 1970-01-01, if the document is dated.
    pub date: Option<i64>,
    pub address: DocAddress,
}

/// What one search collects.
#[derive(Clone, Debug, Default)]
pub struct Collected {
    /// Documents that match the query and every filter.
    pub total: u64,
    /// The best `offset + limit` candidates, best first.
    pub top: Vec<Candidate>,
    /// Counts per facet value (multi-select semantics, see the module doc).
    pub facets: FacetCounts,
}

/// The collector behind every search.
pub struct SearchCollector {
    pub filters: Filters,
    pub sort: Sort,
    /// How many of the best candidates to keep (offset + limit).
    pub keep: usize,
    /// Whether scores matter (false for browsing or date order, which is cheaper).
    pub scoring: bool,
}

impl SearchCollector {
    fn compare(&self, a: &Candidate, b: &Candidate) -> Ordering {
        // Ordering::Less means "a ranks before b".
        let by_score = || b.score.total_cmp(&a.score);
        let by_date = |newest: bool| match (a.date, b.date) {
            (Some(x), Some(y)) if newest => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let primary = match self.sort {
            Sort::Relevance if self.scoring => by_score(),
            Sort::Relevance | Sort::Newest => by_date(true).then_with(by_score),
            Sort::Oldest => by_date(false).then_with(by_score),
        };
        primary.then_with(|| a.address.cmp(&b.address))
    }

    fn keep_best(&self, top: &mut Vec<Candidate>) {
        if top.len() > self.keep {
            if self.keep > 0 {
                top.select_nth_unstable_by(self.keep - 1, |a, b| self.compare(a, b));
            }
            top.truncate(self.keep);
        }
    }
}

/// Per-segment state of one facet.
struct FacetColumn {
    kind: FacetKind,
    column: Option<StrColumn>,
    /// Term ordinals selected by the filter; `None` when the facet is not filtered.
    allowed: Option<Vec<u64>>,
    counts: Vec<u64>,
}

impl FacetColumn {
    fn ord(&self, doc: DocId) -> Option<u64> {
        self.column.as_ref()?.term_ords(doc).next()
    }

    fn passes(&self, ord: Option<u64>) -> bool {
        match (&self.allowed, ord) {
            (None, _) => true,
            (Some(allowed), Some(ord)) => allowed.contains(&ord),
            (Some(_), None) => false,
        }
    }
}

/// The per-segment half of [`SearchCollector`].
pub struct SegmentSearch {
    segment: SegmentOrdinal,
    facets: Vec<FacetColumn>,
    dates: Option<Column<i64>>,
    total: u64,
    top: Vec<Candidate>,
    /// Shares the parent's settings for pruning `top` while collecting.
    keep: usize,
    sort: Sort,
    scoring: bool,
}

impl Collector for SearchCollector {
    type Fruit = Collected;
    type Child = SegmentSearch;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentSearch> {
        let mut facets = Vec::new();
        for kind in FacetKind::ALL {
            let column = reader.fast_fields().str(kind.field_name())?;
            let mut selected = self.filters.values(kind).peekable();
            let allowed = if selected.peek().is_none() {
                None
            } else {
                let mut ords = Vec::new();
                if let Some(col) = &column {
                    for value in selected {
                        if let Some(ord) = col.dictionary().term_ord(value)? {
                            ords.push(ord);
                        }
                    }
                }
                Some(ords)
            };
            let counts = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
            facets.push(FacetColumn {
                kind,
                column,
                allowed,
                counts,
            });
        }
        let dates = reader.fast_fields().i64(names::DATE_DAYS).ok();
        Ok(SegmentSearch {
            segment,
            facets,
            dates,
            total: 0,
            top: Vec::new(),
            keep: self.keep,
            sort: self.sort,
            scoring: self.scoring,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut merged = Collected::default();
        for fruit in fruits {
            merged.total += fruit.total;
            merged.top.extend(fruit.top);
            for (facet, counts) in fruit.facets {
                let into = merged.facets.entry(facet).or_default();
                for (value, n) in counts {
                    *into.entry(value).or_default() += n;
                }
            }
        }
        self.keep_best(&mut merged.top);
        merged.top.sort_by(|a, b| self.compare(a, b));
        Ok(merged)
    }
}

impl SegmentCollector for SegmentSearch {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        let mut failed: Option<usize> = None;
        let mut failures = 0;
        let mut ords = [None; FacetKind::ALL.len()];
        for (i, facet) in self.facets.iter().enumerate() {
            ords[i] = facet.ord(doc);
            if !facet.passes(ords[i]) {
                failures += 1;
                failed = Some(i);
            }
        }
        match failures {
            0 => {
                self.total += 1;
                for (facet, ord) in self.facets.iter_mut().zip(ords) {
                    if let Some(slot) = ord.and_then(|o| facet.counts.get_mut(o as usize)) {
                        *slot += 1;
                    }
                }
                let date = self.dates.as_ref().and_then(|c| c.first(doc));
                self.top.push(Candidate {
                    score,
                    date,
                    address: DocAddress::new(self.segment, doc),
                });
                if self.top.len() >= self.keep.max(16).saturating_mul(2) {
                    self.prune();
                }
            }
            1 => {
                if let Some(i) = failed {
                    let facet = &mut self.facets[i];
                    if let Some(slot) = ords[i].and_then(|o| facet.counts.get_mut(o as usize)) {
                        *slot += 1;
                    }
                }
            }
            _ => {}
        }
    }

    fn harvest(mut self) -> Collected {
        self.prune();
        let mut facets = FacetCounts::new();
        for facet in &self.facets {
            let counts = facets
                .entry(facet.kind.field_name().to_string())
                .or_default();
            let Some(column) = &facet.column else {
                continue;
            };
            let mut value = String::new();
            for (ord, &n) in facet.counts.iter().enumerate() {
                if n > 0 && matches!(column.ord_to_str(ord as u64, &mut value), Ok(true)) {
                    counts.insert(value.clone(), n);
                }
            }
        }
        Collected {
            total: self.total,
            top: self.top,
            facets,
        }
    }
}

impl SegmentSearch {
    fn prune(&mut self) {
        let parent = SearchCollector {
            filters: Filters::default(),
            sort: self.sort,
            keep: self.keep,
            scoring: self.scoring,
        };
        parent.keep_best(&mut self.top);
    }
}
