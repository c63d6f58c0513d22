//! The group coordinator: consumer groups and their committed offsets.

pub mod classic;
