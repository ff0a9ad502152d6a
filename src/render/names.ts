// Object names, as Helm charts conventionally derive them, but never silently truncated.

/** The longest name a label value or DNS-1123 label may have. */
export const MAX_NAME = 63;
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The chart name used in names and labels: nameOverride, else the chart's own name. */
export const chartName = (chart: string, nameOverride?: string): string => nameOverride || chart;

/** `<release>-<name>`, or the release alone when it already contains the name (Helm's fullname rule). */
export function fullname(release: string, name: string, fullnameOverride?: string): string {
  if (fullnameOverride) return fullnameOverride;
  return release.includes(name) ? release : `${release}-${name}`;
}

/** The name of a worker's objects: `<fullname>-<worker>`. */
export const workerObjectName = (full: string, worker: string): string => `${full}-${worker}`;

/** A usage problem with a release name, or undefined when it is fine (Helm allows 53 characters). */
export function releaseNameProblem(release: string): string | undefined {
  if (!DNS_LABEL.test(release)) return `release name '${release}' must be a DNS-1123 label (lower-case letters, digits, '-')`;
  if (release.length > 53) return `release name '${release}' is ${release.length} characters; Helm allows 53`;
  return undefined;
}
