/** What the refresh engine is asked to do ({@code RefreshRequest}): views, dependents, force, trigger, limits. */
package org.mvreports.refresh.entity;
