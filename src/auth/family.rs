//! Key families: which kind of key (HMAC secret, RSA or EC public key) each signing algorithm
//! needs, so a token is only ever checked with a key of its own family.

use jsonwebtoken::Algorithm;

/// The kind of key an algorithm needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyFamily {
    /// An HMAC shared secret.
    Hmac,
    /// An RSA public key.
    Rsa,
    /// An elliptic-curve public key.
    Ec,
}

/// The family of `alg`, or none for an algorithm this service never accepts.
pub fn family(alg: Algorithm) -> Option<KeyFamily> {
    match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => Some(KeyFamily::Hmac),
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => Some(KeyFamily::Rsa),
        Algorithm::ES256 | Algorithm::ES384 => Some(KeyFamily::Ec),
        _ => None,
    }
}
