//! Argon2id, version 0x13, without secret or associated data (RFC 9106),
//! written for this worker instead of taken from the `argon2` crate so the
//! block function can write in place and use wasm SIMD (`block.rs`). The
//! crate stays the reference the tests compare with.

use crate::block::{compress_into, xor, Block};
use blake2::digest::{Digest, Update, VariableOutput};
use blake2::{Blake2b512, Blake2bVar};

const SYNC_POINTS: usize = 4;
const VERSION: u32 = 0x13;
/// Argon2's type number y for Argon2id.
const ARGON2ID: u32 = 2;
const TAG_LEN: usize = 32;

/// The costs as Argon2 defines them: passes, memory in KiB, lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub t_cost: u32,
    pub m_kib: u32,
    pub lanes: u32,
}

/// Why the costs cannot be used (RFC 9106, 3.1).
fn check(params: Params) -> Result<(), String> {
    if params.t_cost == 0 {
        return Err("Argon2id needs at least one pass".into());
    }
    if params.lanes == 0 || params.lanes > 0xff_ffff {
        return Err(format!("Argon2id parallelism {}", params.lanes));
    }
    if u64::from(params.m_kib) < 8 * u64::from(params.lanes) {
        return Err(format!(
            "Argon2id memory {} KiB is under 8 KiB per lane",
            params.m_kib
        ));
    }
    Ok(())
}

/// The 32-byte tag of `password` and `salt`.
pub fn hash(password: &[u8], salt: &[u8], params: Params) -> Result<[u8; TAG_LEN], String> {
    check(params)?;
    let lanes = params.lanes as usize;
    // m' = the memory rounded down to whole segments of every lane.
    let segment = params.m_kib as usize / (SYNC_POINTS * lanes);
    let lane_len = segment * SYNC_POINTS;
    let mut memory = vec![Block::ZERO; lane_len * lanes];
    let h0 = initial_hash(password, salt, params)?;
    for lane in 0..lanes {
        let lane_index = u32::try_from(lane).map_err(|e| e.to_string())?;
        for i in 0..2u32 {
            let mut bytes = [0u8; 1024];
            long_hash(
                &[&h0, &i.to_le_bytes(), &lane_index.to_le_bytes()],
                &mut bytes,
            )?;
            memory[lane * lane_len + i as usize] = Block::from_bytes(&bytes);
        }
    }
    let shape = Shape {
        lanes,
        lane_len,
        segment,
        passes: params.t_cost as usize,
    };
    for pass in 0..shape.passes {
        for slice in 0..SYNC_POINTS {
            for lane in 0..lanes {
                fill_segment(&mut memory, shape, pass, slice, lane);
            }
        }
    }
    let mut last = memory[lane_len - 1];
    for lane in 1..lanes {
        last.xor_assign(&memory[lane * lane_len + lane_len - 1]);
    }
    let mut tag = [0u8; TAG_LEN];
    long_hash(&[&last.to_bytes()], &mut tag)?;
    Ok(tag)
}

/// H0: BLAKE2b-512 over the costs, the inputs and their lengths.
fn initial_hash(password: &[u8], salt: &[u8], params: Params) -> Result<[u8; 64], String> {
    let length = |bytes: &[u8]| {
        u32::try_from(bytes.len())
            .map(u32::to_le_bytes)
            .map_err(|_| "Argon2id input over 4 GiB".to_string())
    };
    let mut h = Blake2b512::new();
    for word in [
        params.lanes,
        TAG_LEN as u32,
        params.m_kib,
        params.t_cost,
        VERSION,
        ARGON2ID,
    ] {
        Digest::update(&mut h, word.to_le_bytes());
    }
    Digest::update(&mut h, length(password)?);
    Digest::update(&mut h, password);
    Digest::update(&mut h, length(salt)?);
    Digest::update(&mut h, salt);
    // No secret, no associated data: two empty inputs.
    Digest::update(&mut h, [0u8; 8]);
    Ok(h.finalize().into())
}

/// H' (RFC 9106, 3.3): BLAKE2b stretched to `out.len()` bytes, as chained
/// 64-byte digests of which each but the last gives its first half.
fn long_hash(inputs: &[&[u8]], out: &mut [u8]) -> Result<(), String> {
    let length = u32::try_from(out.len())
        .map_err(|e| e.to_string())?
        .to_le_bytes();
    let blake = |len: usize, parts: &[&[u8]], into: &mut [u8]| {
        let mut h = Blake2bVar::new(len).map_err(|e| e.to_string())?;
        for part in parts {
            h.update(part);
        }
        h.finalize_variable(into).map_err(|e| e.to_string())
    };
    let prefixed: Vec<&[u8]> = std::iter::once(&length[..])
        .chain(inputs.iter().copied())
        .collect();
    if out.len() <= 64 {
        return blake(out.len(), &prefixed, out);
    }
    let mut v = [0u8; 64];
    blake(64, &prefixed, &mut v)?;
    let mut written = 0;
    loop {
        out[written..written + 32].copy_from_slice(&v[..32]);
        written += 32;
        let previous = v;
        let rest = out.len() - written;
        if rest <= 64 {
            return blake(rest, &[&previous], &mut out[written..]);
        }
        blake(64, &[&previous], &mut v)?;
    }
}

/// Where blocks are: `lanes` lanes of `lane_len` blocks, four segments each.
#[derive(Clone, Copy)]
struct Shape {
    lanes: usize,
    lane_len: usize,
    segment: usize,
    passes: usize,
}

/// Computes one segment of one lane (RFC 9106, 3.4): each block from the
/// previous one and a reference block, chosen by a pseudo-random value
/// that comes from an address block in the first half of the first pass
/// (Argon2i's data-independent addressing) and from the previous block
/// afterwards (Argon2d's).
fn fill_segment(memory: &mut [Block], shape: Shape, pass: usize, slice: usize, lane: usize) {
    let independent = pass == 0 && slice < SYNC_POINTS / 2;
    let mut addresses = Addresses::new(shape, pass, slice, lane);
    // The first two blocks of a lane come from H0.
    let first = if pass == 0 && slice == 0 { 2 } else { 0 };
    for index in first..shape.segment {
        let offset = slice * shape.segment + index;
        let cur = lane * shape.lane_len + offset;
        let prev = if offset == 0 {
            cur + shape.lane_len - 1
        } else {
            cur - 1
        };
        let rand = if independent {
            addresses.word(index)
        } else {
            memory[prev].0[0]
        };
        let reference = reference_block(shape, pass, slice, lane, index, rand);
        let r = xor(&memory[prev], &memory[reference]);
        compress_into(&r, &mut memory[cur], pass > 0);
    }
}

/// The reference block's index in `memory` for block `index` of the segment.
fn reference_block(
    shape: Shape,
    pass: usize,
    slice: usize,
    lane: usize,
    index: usize,
    rand: u64,
) -> usize {
    let ref_lane = if pass == 0 && slice == 0 {
        lane
    } else {
        (rand >> 32) as usize % shape.lanes
    };
    let same_lane = ref_lane == lane;
    // Blocks that may be referenced: those finished in earlier segments
    // (of any lane), plus this segment's so far when in the same lane,
    // never the previous block.
    let finished = if pass == 0 {
        slice * shape.segment
    } else {
        shape.lane_len - shape.segment
    };
    let area = if same_lane {
        finished + index - 1
    } else {
        finished - usize::from(index == 0)
    };
    let j1 = rand & 0xffff_ffff;
    let x = (j1 * j1) >> 32;
    let y = (area as u64 * x) >> 32;
    let relative = area - 1 - y as usize;
    let start = if pass == 0 || slice == SYNC_POINTS - 1 {
        0
    } else {
        (slice + 1) * shape.segment
    };
    ref_lane * shape.lane_len + (start + relative) % shape.lane_len
}

/// The address blocks of a data-independent segment: G(0, G(0, input))
/// with a counter in the input, 128 addresses per block.
struct Addresses {
    input: Block,
    block: Block,
}

impl Addresses {
    fn new(shape: Shape, pass: usize, slice: usize, lane: usize) -> Addresses {
        let mut input = Block::ZERO;
        let words = [
            pass,
            lane,
            slice,
            shape.lane_len * shape.lanes,
            shape.passes,
            ARGON2ID as usize,
        ];
        for (word, value) in input.0.iter_mut().zip(words) {
            *word = value as u64;
        }
        let mut addresses = Addresses {
            input,
            block: Block::ZERO,
        };
        // The first segment starts at block 2, so `word` would not make
        // its first address block.
        if pass == 0 && slice == 0 {
            addresses.next_block();
        }
        addresses
    }

    fn word(&mut self, index: usize) -> u64 {
        if index.is_multiple_of(128) {
            self.next_block();
        }
        self.block.0[index % 128]
    }

    fn next_block(&mut self) {
        self.input.0[6] += 1;
        let mut first = Block::ZERO;
        compress_into(&self.input, &mut first, false);
        compress_into(&first, &mut self.block, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{Algorithm, Argon2, Params as CrateParams, Version};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn reference(password: &[u8], salt: &[u8], p: Params) -> [u8; 32] {
        let params = CrateParams::new(p.m_kib, p.t_cost, p.lanes, Some(32)).expect("params");
        let mut out = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(password, salt, &mut out)
            .expect("hashes");
        out
    }

    // Also run on wasm32 (SIMD G) by `cargo test --target wasm32-unknown-unknown`.
    // Passes 1-3 cover the first pass's independent addressing and the
    // later passes' XOR; the lanes and memory sizes cover cross-lane
    // references and memory that is no multiple of 4 · lanes.
    #[test]
    fn matches_the_argon2_crate() {
        let salt = [7u8; 32];
        for (t_cost, m_kib, lanes) in [
            (1, 8, 1),
            (1, 64, 1),
            (2, 256, 1),
            (3, 512, 4),
            (2, 1000, 3),
            (1, 300, 8),
            (3, 2048, 2),
        ] {
            let params = Params {
                t_cost,
                m_kib,
                lanes,
            };
            let password = format!("password {t_cost} {m_kib} {lanes}");
            assert_eq!(
                hash(password.as_bytes(), &salt, params),
                Ok(reference(password.as_bytes(), &salt, params)),
                "{params:?}"
            );
        }
    }

    #[test]
    fn empty_and_long_inputs_match_too() {
        let params = Params {
            t_cost: 2,
            m_kib: 64,
            lanes: 2,
        };
        let long = vec![0xa5u8; 3000];
        for (password, salt) in [(&b""[..], &[1u8; 8][..]), (&long[..], &long[..200])] {
            assert_eq!(
                hash(password, salt, params),
                Ok(reference(password, salt, params))
            );
        }
    }

    /// H' by its definition: H^T(T || x) up to 64 bytes; beyond,
    /// r = ceil(T / 32) - 2 chained digests V1 = H(T || x), V(i+1) = H(Vi)
    /// give their first halves, then H^(T - 32r)(Vr) the rest.
    fn long_hash_by_definition(x: &[u8], len: usize) -> Vec<u8> {
        let blake = |out_len: usize, parts: &[&[u8]]| -> Vec<u8> {
            let mut h = Blake2bVar::new(out_len).expect("length");
            for part in parts {
                h.update(part);
            }
            let mut out = vec![0u8; out_len];
            h.finalize_variable(&mut out).expect("length");
            out
        };
        let prefix = (len as u32).to_le_bytes();
        if len <= 64 {
            return blake(len, &[&prefix, x]);
        }
        let r = len.div_ceil(32) - 2;
        let mut v = blake(64, &[&prefix, x]);
        let mut out = Vec::new();
        for i in 1..=r {
            out.extend_from_slice(&v[..32]);
            if i < r {
                v = blake(64, &[&v]);
            }
        }
        out.extend(blake(len - 32 * r, &[&v]));
        out
    }

    #[test]
    fn long_hash_of_any_length_matches_its_definition() {
        for len in [32, 64, 65, 100, 128, 1024] {
            let mut out = vec![0u8; len];
            long_hash(&[b"x"], &mut out).expect("hashes");
            assert_eq!(out, long_hash_by_definition(b"x", len), "{len} bytes");
        }
    }

    #[test]
    fn impossible_costs_are_refused() {
        for (t_cost, m_kib, lanes) in [(0, 64, 1), (1, 64, 0), (1, 31, 4), (1, 64, 1 << 24)] {
            let params = Params {
                t_cost,
                m_kib,
                lanes,
            };
            assert!(hash(b"p", b"saltsalt", params).is_err(), "{params:?}");
        }
    }
}
