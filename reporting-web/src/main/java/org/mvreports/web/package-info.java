/**
 * The small set of web pieces every feature shares: the API's application path and its generic error answers
 * ({@code ReportingApi}, {@code ApiErrors}, {@code ApiError}), and how pages print times and intervals
 * ({@code Formats}). It knows no feature.
 */
package org.mvreports.web;
