/**
 * The three roles of the application ({@code Roles}), the names every {@code @RolesAllowed}, page folder and account
 * uses. How callers sign in is the web module's security package.
 */
package org.mvreports.security.entity;
