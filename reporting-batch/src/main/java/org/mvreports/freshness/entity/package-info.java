/** What the freshness of a report consists of; plain values, no behaviour beyond their own. */
package org.mvreports.freshness.entity;
