-- The domain the seed reports summarise (../shared/seeds): sign-ups of users (seed 000) and shipments whose
-- uploads produce results (seed 003). These tables are what a real site's OLTP schema would be; the demo data
-- generator fills them only when REPORTING_DEMO_DATA is not false.

CREATE TABLE demo.users (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text        NOT NULL UNIQUE,
    full_name  text        NOT NULL,
    joined_at  timestamptz NOT NULL
);

CREATE TABLE demo.shipments (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference    text        NOT NULL UNIQUE,
    destination  text        NOT NULL,
    shipped_at   timestamptz NOT NULL
);

CREATE TABLE demo.uploads (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id  bigint      NOT NULL REFERENCES demo.shipments (id),
    uploaded_at  timestamptz NOT NULL,
    size_bytes   bigint      NOT NULL CHECK (size_bytes >= 0)
);
CREATE INDEX uploads_shipment ON demo.uploads (shipment_id);

CREATE TABLE demo.results (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    upload_id    bigint      NOT NULL REFERENCES demo.uploads (id),
    start_date   date        NOT NULL,
    end_date     date        NOT NULL CHECK (end_date >= start_date),
    approved_at  timestamptz
);
CREATE INDEX results_upload ON demo.results (upload_id);
