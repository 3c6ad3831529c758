//! Ed25519 keys and detached signatures for disclosure bundles (ed25519-dalek).
//!
//! Keys and signatures are small text files — a tag line, then the bytes in base64 — that
//! can be mailed, pasted into a procurement file, or compared by eye (the fingerprint). The
//! secret key file holds only the 32-byte seed. Verification is strict (no malleable
//! signatures, no weak keys).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// First line of a secret key file.
pub const SECRET_TAG: &str = "sansho-ed25519-secret-key";
/// First line of a public key file.
pub const PUBLIC_TAG: &str = "sansho-ed25519-public-key";
/// First line of a signature file.
pub const SIGNATURE_TAG: &str = "sansho-ed25519-signature";

/// Why a key or signature cannot be used.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The text is not a sansho key or signature of the expected kind.
    #[error("not a {0} file")]
    Format(&'static str),
    /// The bytes are not a valid Ed25519 public key.
    #[error("invalid public key")]
    BadKey,
    /// The signature does not verify with the key.
    #[error("the signature does not match")]
    BadSignature,
    /// The system's random source failed.
    #[error("no randomness: {0}")]
    Random(String),
}

/// A new key from the operating system's random source.
pub fn generate() -> Result<SigningKey, KeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    Ok(key)
}

fn armor(tag: &str, bytes: &[u8]) -> String {
    format!("{tag}\n{}\n", B64.encode(bytes))
}

fn unarmor(text: &str, tag: &'static str, len: usize) -> Result<Vec<u8>, KeyError> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some(tag) {
        return Err(KeyError::Format(tag));
    }
    let body = lines.next().ok_or(KeyError::Format(tag))?;
    if lines.next().is_some() {
        return Err(KeyError::Format(tag));
    }
    let bytes = B64.decode(body).map_err(|_| KeyError::Format(tag))?;
    if bytes.len() != len {
        return Err(KeyError::Format(tag));
    }
    Ok(bytes)
}

/// The text of a secret key file.
pub fn secret_key_text(key: &SigningKey) -> String {
    armor(SECRET_TAG, key.as_bytes())
}

/// The text of a public key file.
pub fn public_key_text(key: &VerifyingKey) -> String {
    armor(PUBLIC_TAG, key.as_bytes())
}

/// Reads a secret key file.
pub fn parse_secret(text: &str) -> Result<SigningKey, KeyError> {
    let bytes = unarmor(text, SECRET_TAG, 32)?;
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&bytes);
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    Ok(key)
}

/// Reads a public key file.
pub fn parse_public(text: &str) -> Result<VerifyingKey, KeyError> {
    let bytes = unarmor(text, PUBLIC_TAG, 32)?;
    let mut b = [0u8; 32];
    b.copy_from_slice(&bytes);
    let key = VerifyingKey::from_bytes(&b).map_err(|_| KeyError::BadKey)?;
    if key.is_weak() {
        return Err(KeyError::BadKey);
    }
    Ok(key)
}

/// The public key in one line of base64, as `keygen` prints it.
pub fn public_key_base64(key: &VerifyingKey) -> String {
    B64.encode(key.as_bytes())
}

/// A short fingerprint to compare keys by eye: the first 16 hex digits of SHA-256.
pub fn fingerprint(key: &VerifyingKey) -> String {
    crate::input::hex(&Sha256::digest(key.as_bytes()))[..16].to_string()
}

/// A detached signature of `message`, as the text of a signature file.
pub fn sign(key: &SigningKey, message: &[u8]) -> String {
    let sig: Signature = key.sign(message);
    armor(SIGNATURE_TAG, &sig.to_bytes())
}

/// Checks a detached signature file's text against `message`.
pub fn verify(key: &VerifyingKey, message: &[u8], signature_text: &str) -> Result<(), KeyError> {
    let bytes = unarmor(signature_text, SIGNATURE_TAG, 64)?;
    let mut b = [0u8; 64];
    b.copy_from_slice(&bytes);
    let sig = Signature::from_bytes(&b);
    key.verify_strict(message, &sig)
        .map_err(|_| KeyError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_sign() {
        let key = generate().expect("random");
        let again = parse_secret(&secret_key_text(&key)).expect("secret");
        assert_eq!(again.as_bytes(), key.as_bytes());
        let public = parse_public(&public_key_text(&key.verifying_key())).expect("public");
        let sig = sign(&key, b"manifest");
        assert_eq!(verify(&public, b"manifest", &sig), Ok(()));
        assert_eq!(
            verify(&public, b"manifesT", &sig),
            Err(KeyError::BadSignature)
        );
        let other = generate().expect("random").verifying_key();
        assert_eq!(
            verify(&other, b"manifest", &sig),
            Err(KeyError::BadSignature)
        );
        assert_eq!(fingerprint(&public).len(), 16);
    }

    #[test]
    fn files_of_the_wrong_kind_are_refused() {
        let key = generate().expect("random");
        let public = public_key_text(&key.verifying_key());
        assert!(matches!(parse_secret(&public), Err(KeyError::Format(_))));
        assert!(matches!(parse_public("garbage"), Err(KeyError::Format(_))));
        let sig = sign(&key, b"m");
        let truncated = sig.replace('=', "");
        assert!(verify(&key.verifying_key(), b"m", &truncated).is_err());
    }

    #[test]
    fn signatures_are_deterministic() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        assert_eq!(sign(&key, b"same"), sign(&key, b"same"));
    }
}
