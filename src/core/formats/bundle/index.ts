/** The Crosslabel bundle: scene + media manifest with SHA-256 hashes; the lossless format. */
export * from './bundle';
