/**
 * How callers sign in: one Jakarta Security mechanism for the login form, the session and HTTP Basic; the identity
 * store over {@code app.accounts}; the login page's bean. What each role may do is declared on the EJBs and on the
 * page folders.
 */
package org.mvreports.security;
