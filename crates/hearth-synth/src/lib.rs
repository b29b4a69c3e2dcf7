//! hearth-synth
