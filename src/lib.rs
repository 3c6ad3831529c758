//! sansho: the 3-ministry healthcare information-security guidelines as working software.
pub mod render;
