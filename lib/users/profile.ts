import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";

// A user's profile as Auth0 names it: the OpenID Connect standard claims a user may be given at
// signup (the native API's user_profile) or by an operator (the Management API), and
// user_metadata. One schema for both, so a name means the same wherever it is set.

export const profileSchema = {
  name: z.string().trim().min(1).max(300),
  given_name: z.string().trim().min(1).max(150),
  family_name: z.string().trim().min(1).max(150),
  nickname: z.string().trim().min(1).max(300),
  picture: z.url({ protocol: /^https$/ }).max(2048),
  /** JSON; the APIs' 16 KB body cap bounds it (Auth0 bounds user_metadata to 16 KB). */
  user_metadata: z.record(z.string().max(255), z.unknown()),
};

export const userProfileSchema = z.object(profileSchema).partial();
export type UserProfile = z.infer<typeof userProfileSchema>;

/** The profile as columns of "user" (Prisma's names); a null clears a claim (the Management API's PATCH). */
export function profileColumns(profile: { [K in Exclude<keyof UserProfile, "user_metadata">]?: UserProfile[K] | null } & Pick<UserProfile, "user_metadata">) {
  return {
    name: profile.name,
    givenName: profile.given_name,
    familyName: profile.family_name,
    nickname: profile.nickname,
    picture: profile.picture,
    userMetadata: profile.user_metadata as Prisma.InputJsonValue | undefined,
  };
}
