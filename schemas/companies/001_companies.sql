-- Company Management: the data architecture's tables, column for column,
-- with gen_random_uuid() (built in) instead of uuid_generate_v4() (needs uuid-ossp).

CREATE TABLE companies (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    is_partner BOOLEAN DEFAULT FALSE,
    website VARCHAR(500),
    industry VARCHAR(100),
    employee_count INTEGER,
    description TEXT,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    created_by UUID NOT NULL
);

CREATE TABLE company_logos (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id UUID NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    file_id VARCHAR(255) NOT NULL,
    file_name VARCHAR(255) NOT NULL,
    mime_type VARCHAR(100) NOT NULL,
    file_size_bytes BIGINT NOT NULL,
    s3_key VARCHAR(500) NOT NULL,
    uploaded_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    uploaded_by UUID NOT NULL,
    is_current BOOLEAN DEFAULT TRUE
);

CREATE INDEX idx_companies_name ON companies(name);
CREATE INDEX idx_companies_is_partner ON companies(is_partner);
CREATE UNIQUE INDEX idx_company_current_logo ON company_logos(company_id) WHERE is_current = TRUE;

-- Local copy of the partners context's view: whether a company currently has
-- an active partnership, as of the newest partnership event seen. The
-- timestamp lets a late, older event (delivered after a retry) lose against a
-- newer one; the row may exist before the company does, so CreateCompany
-- starts with the right is_partner.
CREATE TABLE company_partnerships (
    company_id UUID PRIMARY KEY,
    partner_id UUID NOT NULL,
    is_active BOOLEAN NOT NULL,
    as_of TIMESTAMP WITH TIME ZONE NOT NULL
);
