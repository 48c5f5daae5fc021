/**
 * What alerts are made of: the kinds of event ({@code AlertKind}), a webhook as an administrator sees it (its secret
 * never leaves the database), an event, and a delivery with its attempts.
 */
package org.mvreports.alert.entity;
