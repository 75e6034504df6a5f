/** /version: the server minor decides which kubectl the dispatcher runs, so it is configurable. */

/** The version document for a `major.minor` string such as "1.32". */
export function versionInfo(kubeVersion: string): object {
  const [major = '1', minor = '32'] = kubeVersion.replace(/^v/, '').split('.');
  return {
    major, minor, emulationMajor: major, emulationMinor: minor,
    gitVersion: `v${major}.${minor}.0`, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z', goVersion: 'go1.23', compiler: 'gc', platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
