//! hearth-web
