-- Partner Analytics: the data architecture's tables, column for column, with
-- the two known flaws fixed: gen_random_uuid() (built in) instead of
-- uuid_generate_v4(), and UNIQUE NULLS NOT DISTINCT so a partner has at most
-- one cross-event row (event_id NULL).

CREATE TABLE partners (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id UUID NOT NULL UNIQUE, -- References company service
    partnership_level VARCHAR(50) NOT NULL CHECK (partnership_level IN (
        'bronze', 'silver', 'gold', 'platinum', 'strategic'
    )),
    partnership_start_date DATE NOT NULL,
    partnership_end_date DATE,
    is_active BOOLEAN DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    CONSTRAINT partners_end_not_before_start
        CHECK (partnership_end_date IS NULL OR partnership_end_date >= partnership_start_date)
);

CREATE TABLE partner_analytics (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    partner_id UUID NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    event_id UUID, -- NULL for cross-event analytics
    total_employee_attendance INTEGER DEFAULT 0,
    content_engagement_score DECIMAL(5,2) DEFAULT 0.00,
    brand_exposure_score DECIMAL(5,2) DEFAULT 0.00,
    roi_score DECIMAL(10,2) DEFAULT 0.00,
    topic_influence_score DECIMAL(5,2) DEFAULT 0.00,
    calculation_date TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    -- Added: PartnerAnalyticsRecalculated carries it, and a row "changed"
    -- only if one of its published figures changed.
    average_attendance_per_event DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    CONSTRAINT partner_analytics_partner_event_key UNIQUE NULLS NOT DISTINCT (partner_id, event_id)
);

CREATE INDEX idx_partners_company_id ON partners(company_id);
CREATE INDEX idx_partners_active ON partners(is_active);
CREATE INDEX idx_partner_analytics_partner_id ON partner_analytics(partner_id);
