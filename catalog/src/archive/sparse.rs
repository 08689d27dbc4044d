//! The archive's files as far as they have arrived, served to tantivy as a read-only
//! [`Directory`].
//!
//! The browser loads an archive in parts (see [`super`]): the start-up parts first, the rest
//! later or only when a search needs it. A read that reaches bytes not loaded yet fails, and the
//! parts holding them are noted as *wanted*; the engine turns that into its `Missing` error so
//! the caller can load exactly those parts and search again. Once every piece of a file is in,
//! the pieces are joined into one buffer, so searching a fully loaded file never copies.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;

use super::toc::Toc;

/// Byte ranges read from each file, by file name (see [`Sparse::record_reads`]).
pub type Reads = BTreeMap<String, Vec<Range<u64>>>;

/// The loaded pieces of an archive's files; cheap to clone (all clones share the pieces).
#[derive(Clone, Debug)]
pub struct Sparse {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    names: BTreeMap<String, usize>,
    files: Vec<FileState>,
    /// For each part: (file, offset, length) of its pieces, in order.
    parts: Vec<Vec<(usize, u64, u64)>>,
    added: Vec<bool>,
    /// Parts holding bytes a read needed and did not find.
    wanted: BTreeSet<usize>,
    /// Every range read, when recording.
    reads: Option<BTreeMap<usize, Vec<Range<u64>>>>,
    /// Parts that may be dropped again (pages of stored text), and how many of their bytes to
    /// keep: wasm memory never shrinks, so without a bound a long kiosk session would end up
    /// holding every page.
    evictable: Range<usize>,
    budget: u64,
    /// Evictable parts in the order they arrived, and their bytes.
    kept: std::collections::VecDeque<usize>,
    kept_bytes: u64,
}

#[derive(Debug)]
struct FileState {
    len: u64,
    /// (offset, length, part) of every piece of the file, sorted by offset.
    locations: Vec<(u64, u64, usize)>,
    /// Pieces loaded so far, by offset.
    pieces: BTreeMap<u64, OwnedBytes>,
    loaded: u64,
    whole: Option<OwnedBytes>,
}

impl FileState {
    fn new(len: u64) -> FileState {
        FileState {
            len,
            locations: Vec::new(),
            pieces: BTreeMap::new(),
            loaded: 0,
            whole: (len == 0).then(OwnedBytes::empty),
        }
    }

    /// The bytes of `range` if loaded, else the parts that hold the bytes missing from it.
    fn read(&self, range: Range<u64>) -> Result<OwnedBytes, BTreeSet<usize>> {
        if let Some(whole) = &self.whole {
            return Ok(whole.slice(range.start as usize..range.end as usize));
        }
        // The pieces that overlap `range`, in order; a gap means bytes not loaded yet.
        let mut covering = Vec::new();
        let mut at = range.start;
        let first = self
            .pieces
            .range(..=range.start)
            .next_back()
            .map_or(range.start, |(&o, _)| o);
        for (&offset, bytes) in self.pieces.range(first..range.end) {
            let end = offset + bytes.len() as u64;
            if end <= at {
                continue;
            }
            if offset > at {
                break;
            }
            covering.push((offset, bytes));
            at = end;
            if at >= range.end {
                break;
            }
        }
        if at < range.end {
            return Err(self.parts_holding(at..range.end));
        }
        let slice = |offset: u64, bytes: &OwnedBytes| {
            let from = range.start.saturating_sub(offset) as usize;
            let to = (range.end - offset).min(bytes.len() as u64) as usize;
            bytes.slice(from..to)
        };
        match covering.as_slice() {
            [] => Ok(OwnedBytes::empty()),
            [(offset, bytes)] => Ok(slice(*offset, bytes)),
            several => {
                // A read across pieces (a block on a page boundary): copied, and rare.
                let mut joined = Vec::with_capacity((range.end - range.start) as usize);
                for (offset, bytes) in several {
                    joined.extend_from_slice(slice(*offset, bytes).as_slice());
                }
                Ok(OwnedBytes::new(joined))
            }
        }
    }

    fn parts_holding(&self, range: Range<u64>) -> BTreeSet<usize> {
        self.locations
            .iter()
            .filter(|&&(offset, len, _)| offset < range.end && range.start < offset + len)
            .filter(|&&(offset, _, _)| !self.pieces.contains_key(&offset))
            .map(|&(_, _, part)| part)
            .collect()
    }

    fn add(&mut self, offset: u64, bytes: OwnedBytes) {
        if self.whole.is_some() || self.pieces.contains_key(&offset) {
            return;
        }
        self.loaded += bytes.len() as u64;
        self.pieces.insert(offset, bytes);
        if self.loaded >= self.len {
            self.join();
        }
    }

    /// Replaces the pieces by one buffer: reads no longer look pieces up or copy, and the parts'
    /// buffers are freed once none of their pieces is left.
    fn join(&mut self) {
        let pieces = std::mem::take(&mut self.pieces);
        if pieces.len() == 1 {
            self.whole = pieces.into_values().next();
            return;
        }
        let mut whole = Vec::with_capacity(self.len as usize);
        for bytes in pieces.values() {
            whole.extend_from_slice(bytes.as_slice());
        }
        self.whole = Some(OwnedBytes::new(whole));
    }
}

/// A part's bytes do not match what the table of contents says it holds.
#[derive(Debug, thiserror::Error)]
#[error("holds {found} bytes where the table of contents lists {expected}")]
pub struct PartMismatch {
    found: usize,
    expected: u64,
}

impl Inner {
    fn evict(&mut self, part: usize) {
        let Some(pieces) = self.parts.get(part).cloned() else {
            return;
        };
        for (file, offset, len) in pieces {
            let state = &mut self.files[file];
            // A file that was completed is one buffer now; its pages cannot be given back.
            if state.whole.is_none() && state.pieces.remove(&offset).is_some() {
                state.loaded -= len;
            }
        }
        self.kept_bytes -= self.parts[part].iter().map(|p| p.2).sum::<u64>();
        self.added[part] = false;
    }
}

impl Sparse {
    /// Nothing loaded yet of the archive described by `toc`.
    pub fn new(toc: &Toc) -> Sparse {
        let mut inner = Inner::default();
        for (i, file) in toc.files.iter().enumerate() {
            inner.names.insert(file.name.clone(), i);
            inner.files.push(FileState::new(file.len));
        }
        for (p, part) in toc.parts.iter().enumerate() {
            let mut pieces = Vec::with_capacity(part.pieces.len());
            for piece in &part.pieces {
                if let Some(state) = inner.files.get_mut(piece.file) {
                    state.locations.push((piece.offset, piece.len, p));
                    pieces.push((piece.file, piece.offset, piece.len));
                }
            }
            inner.parts.push(pieces);
        }
        for state in &mut inner.files {
            state.locations.sort_unstable();
        }
        inner.added = vec![false; inner.parts.len()];
        Sparse {
            inner: Arc::new(Mutex::new(inner)),
        }
    }

    /// Files present whole, as `khlang build` has them before packing.
    pub fn whole(files: BTreeMap<String, OwnedBytes>) -> Sparse {
        let mut inner = Inner::default();
        for (i, (name, bytes)) in files.into_iter().enumerate() {
            inner.names.insert(name, i);
            let mut state = FileState::new(bytes.len() as u64);
            state.whole = Some(bytes);
            inner.files.push(state);
        }
        Sparse {
            inner: Arc::new(Mutex::new(inner)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves only plain data behind; it stays usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds the decoded bytes of part `index`; a part added before is ignored.
    pub fn add_part(&self, index: usize, bytes: Vec<u8>) -> Result<(), PartMismatch> {
        let mut inner = self.lock();
        let Some(pieces) = inner.parts.get(index).cloned() else {
            return Ok(());
        };
        if inner.added[index] {
            return Ok(());
        }
        let expected: u64 = pieces.iter().map(|p| p.2).sum();
        if bytes.len() as u64 != expected {
            return Err(PartMismatch {
                found: bytes.len(),
                expected,
            });
        }
        let bytes = OwnedBytes::new(bytes);
        let mut at = 0usize;
        for (file, offset, len) in pieces {
            let piece = bytes.slice(at..at + len as usize);
            at += len as usize;
            inner.files[file].add(offset, piece);
        }
        inner.added[index] = true;
        if inner.evictable.contains(&index) {
            inner.kept.push_back(index);
            inner.kept_bytes += expected;
            // The newest part always stays: it is what the search in progress asked for.
            while inner.kept_bytes > inner.budget && inner.kept.len() > 1 {
                if let Some(oldest) = inner.kept.pop_front() {
                    inner.evict(oldest);
                }
            }
        }
        Ok(())
    }

    /// Lets parts `parts` be dropped, oldest first, once more than `budget` bytes of them are
    /// in; a dropped part is asked for again (see [`Sparse::take_wanted`]) when a read needs it.
    pub fn keep_at_most(&self, parts: Range<usize>, budget: u64) {
        let mut inner = self.lock();
        inner.evictable = parts;
        inner.budget = budget;
    }

    /// Whether part `index` has been added.
    pub fn has_part(&self, index: usize) -> bool {
        self.lock().added.get(index).copied().unwrap_or(true)
    }

    /// The parts among `parts` not added yet.
    pub fn missing(&self, parts: Range<usize>) -> Vec<usize> {
        let inner = self.lock();
        parts
            .filter(|&p| !inner.added.get(p).copied().unwrap_or(true))
            .collect()
    }

    /// Takes the parts that failed reads asked for since the last call.
    pub fn take_wanted(&self) -> Vec<usize> {
        std::mem::take(&mut self.lock().wanted)
            .into_iter()
            .collect()
    }

    /// Whether a read has found bytes missing since [`Sparse::take_wanted`] last ran.
    pub fn is_waiting(&self) -> bool {
        !self.lock().wanted.is_empty()
    }

    /// All of file `name`, if it is fully loaded.
    pub fn read_all(&self, name: &str) -> Option<io::Result<OwnedBytes>> {
        let file = *self.lock().names.get(name)?;
        let len = self.lock().files[file].len;
        Some(self.read(file, 0..len))
    }

    /// Starts noting every range read (see [`Sparse::recorded_reads`]).
    pub fn record_reads(&self) {
        self.lock().reads = Some(BTreeMap::new());
    }

    /// The ranges read since [`Sparse::record_reads`], merged, by file name.
    pub fn recorded_reads(&self) -> Reads {
        let mut inner = self.lock();
        let reads = inner.reads.take().unwrap_or_default();
        let names: BTreeMap<usize, String> =
            inner.names.iter().map(|(n, &i)| (i, n.clone())).collect();
        reads
            .into_iter()
            .filter_map(|(file, ranges)| Some((names.get(&file)?.clone(), merge(ranges))))
            .collect()
    }

    fn read(&self, file: usize, range: Range<u64>) -> io::Result<OwnedBytes> {
        let mut inner = self.lock();
        if let Some(reads) = &mut inner.reads {
            reads.entry(file).or_default().push(range.clone());
        }
        let Some(state) = inner.files.get(file) else {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such file"));
        };
        if range.end > state.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("read {range:?} past the end ({} bytes)", state.len),
            ));
        }
        match state.read(range) {
            Ok(bytes) => Ok(bytes),
            Err(parts) => {
                inner.wanted.extend(parts);
                Err(io::Error::new(io::ErrorKind::WouldBlock, NotLoaded))
            }
        }
    }

    fn whole_file(&self, file: usize) -> Option<OwnedBytes> {
        let inner = self.lock();
        if inner.reads.is_some() {
            // While recording, every read must pass through `read`.
            return None;
        }
        inner.files.get(file)?.whole.clone()
    }
}

/// The error of a read that reached bytes not loaded yet.
#[derive(Debug, thiserror::Error)]
#[error("this part of the archive is not loaded yet")]
pub struct NotLoaded;

/// Sorted, overlapping or touching ranges joined.
pub(crate) fn merge(mut ranges: Vec<Range<u64>>) -> Vec<Range<u64>> {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<u64>> = Vec::new();
    for r in ranges.into_iter().filter(|r| !r.is_empty()) {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// One file of a [`Sparse`] archive, as tantivy reads it.
#[derive(Debug)]
struct SparseFile {
    sparse: Sparse,
    file: usize,
    len: usize,
    /// The whole file once loaded: then reads skip the lock.
    whole: OnceLock<OwnedBytes>,
}

impl HasLen for SparseFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for SparseFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if let Some(whole) = self.whole.get() {
            return Ok(whole.slice(range));
        }
        if let Some(whole) = self.sparse.whole_file(self.file) {
            let bytes = whole.slice(range);
            let _ = self.whole.set(whole);
            return Ok(bytes);
        }
        self.sparse
            .read(self.file, range.start as u64..range.end as u64)
    }
}

impl Directory for Sparse {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let inner = self.lock();
        let name = path.to_string_lossy();
        let file = *inner
            .names
            .get(name.as_ref())
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        let len = inner.files[file].len as usize;
        drop(inner);
        Ok(Arc::new(SparseFile {
            sparse: self.clone(),
            file,
            len,
            whole: OnceLock::new(),
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self
            .lock()
            .names
            .contains_key(path.to_string_lossy().as_ref()))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            read_only(),
            path.to_path_buf(),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let name = path.to_string_lossy();
        match self.read_all(&name) {
            None => Err(OpenReadError::FileDoesNotExist(PathBuf::from(path))),
            Some(Ok(bytes)) => Ok(bytes.as_slice().to_vec()),
            Some(Err(e)) => Err(OpenReadError::wrap_io_error(e, path.to_path_buf())),
        }
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        // Nothing ever writes: every reader may proceed.
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "an opened archive is read-only",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_ranges() {
        assert_eq!(
            merge(vec![5..7, 0..2, 2..3, 6..9, 10..10]),
            vec![0..3, 5..9]
        );
        assert_eq!(merge(vec![]), Vec::<Range<u64>>::new());
    }
}
