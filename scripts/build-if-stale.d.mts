/** Files and folders whose contents decide what the build produces. */
export declare const BUILD_INPUTS: readonly string[];
/** Where the hash of the last successful build's inputs is kept. */
export declare const STAMP_FILE: string;
/** Outputs that must exist for a build to count as current. */
export declare const BUILD_OUTPUTS: readonly string[];
/** Hash of every build input's path and contents under `root`. */
export declare function hashBuildInputs(root: string): string;
/** True when the outputs exist and were built from inputs with exactly this hash. */
export declare function isBuildCurrent(root: string, inputHash?: string): boolean;
/** Records that the outputs under `root` were built from inputs with this hash. */
export declare function writeBuildStamp(root: string, inputHash: string): void;
