//! PDF layout of rendered Markdown documents.
