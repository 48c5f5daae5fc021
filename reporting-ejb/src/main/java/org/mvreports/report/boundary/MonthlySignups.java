package org.mvreports.report.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.mvreports.report.entity.MonthlySignup;
import org.mvreports.security.entity.Roles;

/** The seed report "signups per month", read through its typed entity (its freshness is the catalog's). */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS) // reads only
public class MonthlySignups {

    /** The report's view name, for links and freshness. */
    public static final String VIEW = "monthly_signups";

    @PersistenceContext(unitName = "reporting")
    EntityManager em;

    /** Every month with its signups, oldest first. */
    @RolesAllowed(Roles.REPORT_VIEWER)
    public List<MonthlySignup> byMonth() {
        return em.createNamedQuery(MonthlySignup.ALL_BY_MONTH, MonthlySignup.class).getResultList();
    }
}
