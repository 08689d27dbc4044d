//! Facets: the dimensions a citizen narrows a search by, and the selections made on them.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The value a facet holds when a document's metadata does not say ("not specified").
pub const UNSPECIFIED: &str = "ไม่ระบุ";

/// A facet of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacetKind {
    /// Disclosure category (a taxonomy id).
    Category,
    /// ปีงบประมาณ (fiscal year), B.E.
    FiscalYear,
    /// Department (กอง/สำนัก) of the agency.
    Department,
    /// The publishing agency (เทศบาล, อบต., …).
    Agency,
    /// จังหวัด (province) of the agency: what a provincial or national search narrows by.
    Province,
}

impl FacetKind {
    /// Every facet, in display order.
    pub const ALL: [FacetKind; 5] = [
        FacetKind::Category,
        FacetKind::FiscalYear,
        FacetKind::Department,
        FacetKind::Agency,
        FacetKind::Province,
    ];

    /// The schema field (and JSON key) of this facet.
    pub fn field_name(self) -> &'static str {
        match self {
            FacetKind::Category => "category",
            FacetKind::FiscalYear => "fiscal_year",
            FacetKind::Department => "department",
            FacetKind::Agency => "agency",
            FacetKind::Province => "province",
        }
    }

    /// Parses a JSON key / URL key back into a facet.
    pub fn from_name(name: &str) -> Option<FacetKind> {
        FacetKind::ALL.into_iter().find(|k| k.field_name() == name)
    }
}

/// Selected facet values. Values of one facet combine with OR, facets with AND.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters(pub BTreeMap<FacetKind, BTreeSet<String>>);

impl Filters {
    /// Adds `value` to the selection of `kind`.
    pub fn select(&mut self, kind: FacetKind, value: impl Into<String>) {
        self.0.entry(kind).or_default().insert(value.into());
    }

    /// Removes `value` from the selection of `kind`.
    pub fn deselect(&mut self, kind: FacetKind, value: &str) {
        if let Some(values) = self.0.get_mut(&kind) {
            values.remove(value);
            if values.is_empty() {
                self.0.remove(&kind);
            }
        }
    }

    /// Whether `value` of `kind` is selected.
    pub fn is_selected(&self, kind: FacetKind, value: &str) -> bool {
        self.0.get(&kind).is_some_and(|v| v.contains(value))
    }

    /// The selected values of `kind` (empty: no restriction).
    pub fn values(&self, kind: FacetKind) -> impl Iterator<Item = &str> {
        self.0.get(&kind).into_iter().flatten().map(String::as_str)
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeSet::is_empty)
    }
}

/// Hit counts per facet value: `{"fiscal_year": {"2563": 4, …}, …}`.
pub type FacetCounts = BTreeMap<String, BTreeMap<String, u64>>;
