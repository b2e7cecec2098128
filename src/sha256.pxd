# Declarations of src/sha256.h (header-only SHA-256 / HMAC-SHA256) for any kernel that signs or hashes.
from libc.stdint cimport uint8_t, uint32_t

cdef extern from "sha256.h":
    ctypedef struct bf_hmac_sha256_key:
        uint32_t inner[8]
        uint32_t outer[8]
    const uint32_t* bf_sha256_iv
    int bf_sha256_select(int force_portable)
    void bf_hmac_sha256_init(bf_hmac_sha256_key* k, const uint8_t* key, size_t keylen)
    void bf_hmac_sha256(const bf_hmac_sha256_key* k, const uint8_t* msg, size_t len, uint8_t* out)
    void bf_sha256_finish(const uint32_t* st_in, unsigned long long done, const uint8_t* msg, size_t len,
                          uint8_t* out)
    void bf_hex32(const uint8_t* inp, char* out)
