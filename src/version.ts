// The tool version, recorded in cache provenance and builder image labels.
export const VERSION = '0.1.0';
