//! Argon2's 1 KiB block and its compression function G (RFC 9106, 3.5),
//! where a derivation spends nearly all of its time: 196,608 calls for
//! 64 MiB and t=3.
//!
//! On wasm32, G runs on 128-bit SIMD lanes: two 64-bit words per vector,
//! two rows (or columns) of the permutation interleaved so independent
//! work overlaps, the rotations as byte shuffles, and BlaMka's 32×32-bit
//! products gathered so that one shuffle feeds two widening multiplies
//! (`i64x2.extmul_*_i32x4_u`). The gathering matters: written as masked
//! 64-bit products, LLVM emits `i64x2.mul`, which V8 lowers to three
//! multiplies on x86-64, and the SIMD code is no faster than scalar code
//! (docs/BENCHMARKS.md has the measurements).
//!
//! Wasm SIMD is in every current browser (Chrome 91, Firefox 89, Safari
//! 16.4). In an older one the worker's wasm does not compile and the page
//! reports that the Argon2id worker did not load; there is no scalar build
//! to fall back to. Native builds (the tests) use the portable G below.

/// One block: 128 little-endian 64-bit words, aligned for 128-bit loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, align(16))]
pub struct Block(pub [u64; 128]);

impl Block {
    pub const ZERO: Block = Block([0; 128]);

    /// The block of 1024 bytes (little-endian words).
    pub fn from_bytes(bytes: &[u8; 1024]) -> Block {
        let mut block = Block::ZERO;
        for (word, chunk) in block.0.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut le = [0u8; 8];
            le.copy_from_slice(chunk);
            *word = u64::from_le_bytes(le);
        }
        block
    }

    pub fn to_bytes(self) -> [u8; 1024] {
        let mut bytes = [0u8; 1024];
        for (chunk, word) in bytes.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        bytes
    }

    pub fn xor_assign(&mut self, other: &Block) {
        for (word, o) in self.0.iter_mut().zip(other.0) {
            *word ^= o;
        }
    }
}

/// G(x, y) written into `out` (version 0x13 XORs it into `out` from the
/// second pass on: `accumulate`). The caller passes R = x ^ y, so it can
/// read x and y from the memory that `out` is part of.
#[cfg(not(target_arch = "wasm32"))]
pub fn compress_into(r: &Block, out: &mut Block, accumulate: bool) {
    portable::compress_into(r, out, accumulate);
}

#[cfg(target_arch = "wasm32")]
pub fn compress_into(r: &Block, out: &mut Block, accumulate: bool) {
    simd::compress_into(r, out, accumulate);
}

/// x ^ y, a new block.
pub fn xor(x: &Block, y: &Block) -> Block {
    let mut r = *x;
    r.xor_assign(y);
    r
}

#[cfg(any(test, not(target_arch = "wasm32")))]
mod portable {
    use super::Block;

    /// BlaMka's multiply-add: a + b + 2 · lo32(a) · lo32(b), wrapping.
    fn fma(a: u64, b: u64) -> u64 {
        let product = (a & 0xffff_ffff).wrapping_mul(b & 0xffff_ffff);
        a.wrapping_add(b).wrapping_add(product.wrapping_mul(2))
    }

    /// The quarter-round GB on four words of `v`.
    fn gb(v: &mut [u64; 16], a: usize, b: usize, c: usize, d: usize) {
        v[a] = fma(v[a], v[b]);
        v[d] = (v[d] ^ v[a]).rotate_right(32);
        v[c] = fma(v[c], v[d]);
        v[b] = (v[b] ^ v[c]).rotate_right(24);
        v[a] = fma(v[a], v[b]);
        v[d] = (v[d] ^ v[a]).rotate_right(16);
        v[c] = fma(v[c], v[d]);
        v[b] = (v[b] ^ v[c]).rotate_right(63);
    }

    /// The permutation P on 16 words: columns, then diagonals.
    fn permute(v: &mut [u64; 16]) {
        gb(v, 0, 4, 8, 12);
        gb(v, 1, 5, 9, 13);
        gb(v, 2, 6, 10, 14);
        gb(v, 3, 7, 11, 15);
        gb(v, 0, 5, 10, 15);
        gb(v, 1, 6, 11, 12);
        gb(v, 2, 7, 8, 13);
        gb(v, 3, 4, 9, 14);
    }

    /// P on each row of 16 words, then on each column of pairs of words
    /// (words 2i, 2i+1, 2i+16, 2i+17, …).
    pub fn compress_into(r: &Block, out: &mut Block, accumulate: bool) {
        let mut q = *r;
        for row in q.0.chunks_exact_mut(16) {
            let mut v = [0u64; 16];
            v.copy_from_slice(row);
            permute(&mut v);
            row.copy_from_slice(&v);
        }
        for column in 0..8 {
            let index = |k: usize| 2 * column + (k / 2) * 16 + k % 2;
            let mut v: [u64; 16] = std::array::from_fn(|k| q.0[index(k)]);
            permute(&mut v);
            for (k, word) in v.into_iter().enumerate() {
                q.0[index(k)] = word;
            }
        }
        q.xor_assign(r);
        if accumulate {
            out.xor_assign(&q);
        } else {
            *out = q;
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod simd {
    use super::Block;
    use core::arch::wasm32::*;

    /// The block as 64 vectors of two words. Both types are 1024 plain bytes
    /// with every bit pattern valid, and `Block` is 16-aligned like `v128`.
    fn lanes(block: &Block) -> &[v128; 64] {
        // SAFETY: same size, alignment and validity; see above.
        unsafe { &*(block as *const Block).cast::<[v128; 64]>() }
    }

    fn lanes_mut(block: &mut Block) -> &mut [v128; 64] {
        // SAFETY: as in `lanes`, and the borrow is exclusive.
        unsafe { &mut *(block as *mut Block).cast::<[v128; 64]>() }
    }

    // The helpers below are `#[inline(always)]` without a target feature
    // (Rust refuses the two together): inlined into `compress_into`, they
    // get its `simd128`. Were one left as a call, its intrinsics would be
    // calls too and G several times slower; the bench (row e) would show it.

    /// a + b + 2 · lo32(a) · lo32(b) in each 64-bit lane, for two pairs
    /// of vectors at once: the low halves of both gathered into one vector
    /// per operand, multiplied by one low and one high widening multiply.
    #[inline(always)]
    fn fma2(a0: v128, b0: v128, a1: v128, b1: v128) -> (v128, v128) {
        let x = i32x4_shuffle::<0, 2, 4, 6>(a0, a1);
        let y = i32x4_shuffle::<0, 2, 4, 6>(b0, b1);
        let p0 = u64x2_extmul_low_u32x4(x, y);
        let p1 = u64x2_extmul_high_u32x4(x, y);
        (
            i64x2_add(i64x2_add(a0, b0), i64x2_add(p0, p0)),
            i64x2_add(i64x2_add(a1, b1), i64x2_add(p1, p1)),
        )
    }

    #[inline(always)]
    fn rotr32(x: v128) -> v128 {
        i32x4_shuffle::<1, 0, 3, 2>(x, x)
    }

    #[inline(always)]
    fn rotr24(x: v128) -> v128 {
        i8x16_shuffle::<3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10>(x, x)
    }

    #[inline(always)]
    fn rotr16(x: v128) -> v128 {
        i8x16_shuffle::<2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9>(x, x)
    }

    #[inline(always)]
    fn rotr63(x: v128) -> v128 {
        v128_xor(u64x2_shr(x, 63), i64x2_add(x, x))
    }

    /// GB on the columns held in the lanes of a, b, c, d, one step at a
    /// time over all of them: the steps of one column depend on each other,
    /// those of different columns do not, so the CPU can overlap them.
    #[inline(always)]
    fn gb<const N: usize>(
        a: &mut [v128; N],
        b: &mut [v128; N],
        c: &mut [v128; N],
        d: &mut [v128; N],
    ) {
        fma(a, b);
        rot(d, a, rotr32);
        fma(c, d);
        rot(b, c, rotr24);
        fma(a, b);
        rot(d, a, rotr16);
        fma(c, d);
        rot(b, c, rotr63);
    }

    #[inline(always)]
    fn fma<const N: usize>(x: &mut [v128; N], y: &[v128; N]) {
        for k in (0..N).step_by(2) {
            (x[k], x[k + 1]) = fma2(x[k], y[k], x[k + 1], y[k + 1]);
        }
    }

    #[inline(always)]
    fn rot<const N: usize>(x: &mut [v128; N], y: &[v128; N], f: impl Fn(v128) -> v128) {
        for k in 0..N {
            x[k] = f(v128_xor(x[k], y[k]));
        }
    }

    /// P on two groups of 16 words, each held as 8 vectors `v[i]` = words
    /// (2i, 2i+1): the column step on vector pairs, then the diagonal step
    /// after rotating the b, c and d rows so each diagonal lines up in one
    /// lane. Diagonals: (0,5,10,15) and (1,6,11,12) in the first vectors,
    /// (2,7,8,13) and (3,4,9,14) in the second.
    #[inline(always)]
    fn permute2(v: &mut [v128; 8], w: &mut [v128; 8]) {
        let mut a = [v[0], v[1], w[0], w[1]];
        let mut b = [v[2], v[3], w[2], w[3]];
        let mut c = [v[4], v[5], w[4], w[5]];
        let mut d = [v[6], v[7], w[6], w[7]];
        gb(&mut a, &mut b, &mut c, &mut d);
        let mut e = [u64x2_splat(0); 4];
        let mut f = e;
        let mut g = e;
        for k in [0, 2] {
            e[k] = i64x2_shuffle::<1, 2>(b[k], b[k + 1]);
            e[k + 1] = i64x2_shuffle::<1, 2>(b[k + 1], b[k]);
            (f[k], f[k + 1]) = (c[k + 1], c[k]);
            g[k] = i64x2_shuffle::<3, 0>(d[k], d[k + 1]);
            g[k + 1] = i64x2_shuffle::<1, 2>(d[k], d[k + 1]);
        }
        gb(&mut a, &mut e, &mut f, &mut g);
        for k in [0, 2] {
            b[k] = i64x2_shuffle::<3, 0>(e[k], e[k + 1]);
            b[k + 1] = i64x2_shuffle::<1, 2>(e[k], e[k + 1]);
            (c[k], c[k + 1]) = (f[k + 1], f[k]);
            d[k] = i64x2_shuffle::<1, 2>(g[k], g[k + 1]);
            d[k + 1] = i64x2_shuffle::<3, 0>(g[k], g[k + 1]);
        }
        *v = [a[0], a[1], b[0], b[1], c[0], c[1], d[0], d[1]];
        *w = [a[2], a[3], b[2], b[3], c[2], c[3], d[2], d[3]];
    }

    /// Rows read from R into Q, columns in place in Q, then Q ^ R into
    /// `out`: unlike the `argon2` crate's G, which returns the block by
    /// value, no whole-block copy besides Q itself.
    #[target_feature(enable = "simd128")]
    pub fn compress_into(r: &Block, out: &mut Block, accumulate: bool) {
        let r = lanes(r);
        let mut q = [u64x2_splat(0); 64];
        for row in (0..8).step_by(2) {
            let mut v: [v128; 8] = core::array::from_fn(|i| r[8 * row + i]);
            let mut w: [v128; 8] = core::array::from_fn(|i| r[8 * row + 8 + i]);
            permute2(&mut v, &mut w);
            q[8 * row..8 * row + 8].copy_from_slice(&v);
            q[8 * row + 8..8 * row + 16].copy_from_slice(&w);
        }
        for column in (0..8).step_by(2) {
            let mut v: [v128; 8] = core::array::from_fn(|i| q[column + 8 * i]);
            let mut w: [v128; 8] = core::array::from_fn(|i| q[column + 1 + 8 * i]);
            permute2(&mut v, &mut w);
            for (i, (x, y)) in v.into_iter().zip(w).enumerate() {
                q[column + 8 * i] = x;
                q[column + 1 + 8 * i] = y;
            }
        }
        let out = lanes_mut(out);
        for ((o, q), r) in out.iter_mut().zip(q).zip(r) {
            let fresh = v128_xor(q, *r);
            *o = if accumulate {
                v128_xor(*o, fresh)
            } else {
                fresh
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Blocks of pseudo-random words (xorshift), the same on every run.
    fn blocks(count: usize) -> Vec<Block> {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        (0..count)
            .map(|_| {
                Block(std::array::from_fn(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state
                }))
            })
            .collect()
    }

    // The SIMD G against the portable one, run on wasm by
    // `cargo test -p billing-sync-kdf-worker --target wasm32-unknown-unknown`.
    #[cfg(target_arch = "wasm32")]
    #[test]
    fn simd_g_matches_the_portable_g() {
        let inputs = blocks(16);
        for pair in inputs.chunks_exact(2) {
            let r = xor(&pair[0], &pair[1]);
            for accumulate in [false, true] {
                let (mut simd, mut portable) = (pair[0], pair[0]);
                compress_into(&r, &mut simd, accumulate);
                portable::compress_into(&r, &mut portable, accumulate);
                assert_eq!(simd, portable, "accumulate: {accumulate}");
            }
        }
    }

    #[test]
    fn g_of_zero_is_zero_and_of_anything_else_is_not() {
        let mut out = Block::ZERO;
        compress_into(&Block::ZERO, &mut out, false);
        assert_eq!(out, Block::ZERO);
        for r in blocks(4) {
            compress_into(&r, &mut out, false);
            assert_ne!(out, r);
            assert_ne!(out, Block::ZERO);
        }
    }

    #[test]
    fn bytes_round_trip_little_endian() {
        let bytes: [u8; 1024] = std::array::from_fn(|i| i as u8);
        let block = Block::from_bytes(&bytes);
        assert_eq!(block.0[0], 0x0706_0504_0302_0100);
        assert_eq!(block.to_bytes(), bytes);
    }
}
