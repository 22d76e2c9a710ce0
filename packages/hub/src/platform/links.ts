/** The console address of a one-time link (invitation, password reset, first admin). */
export const publicLink = (baseUrl: string, token: string): string => `${baseUrl.replace(/\/$/, '')}/accept/${token}`;
