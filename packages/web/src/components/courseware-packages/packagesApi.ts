import { request } from '../../api';
import type { Scope, Tlp } from '../../types';

/** A provider's courseware package as the hub lists it (the archive is downloaded on its own). */
export interface CoursewarePackage {
  id: string;
  name: string;
  ownerOrgId: string;
  ownerOrgSlug: string;
  ownerOrgNameEn: string;
  ownerOrgNameJa: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
  sha256: string;
  contents: { modules: string[]; courses: string[]; assessments: string[] };
  createdAt: string;
  updatedAt: string;
}

export interface PackageSharing {
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string;
}

/** The hub's limit for one package archive (PACKAGE_LIMIT_BYTES): a larger file is refused before it is sent. */
export const MAX_PACKAGE_BYTES = 20 * 1024 * 1024;

/** Sends the zip as it is, with its name and sharing in the query (POST /orgs/:id/courseware/packages). */
export function uploadPackage(orgId: string, file: Blob, name: string, sharing: PackageSharing) {
  return request<{ replaced: boolean; package: CoursewarePackage }>(
    'POST',
    `/orgs/${encodeURIComponent(orgId)}/courseware/packages`,
    {
      raw: file,
      contentType: 'application/zip',
      query: {
        name,
        scope: sharing.scope,
        marking: sharing.marking,
        sharingGroupId: sharing.scope === 'sharing_group' ? sharing.sharingGroupId || undefined : undefined,
      },
    },
  );
}
